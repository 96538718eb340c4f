using System.Collections.Generic;
using AmoWidget.Runtime;
using Jint;
using Jint.Native;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Runtime
{
    /// <summary>PlainData reads a plain value as its JSON text read back would, or declines to.</summary>
    public class PlainDataTests
    {
        private static readonly Engine Engine = new Engine();

        /// <summary>What the JSON path gives: JSON.stringify, then Newtonsoft's reader and AmoWidgetCallbackResult.Plain.</summary>
        private static string ByJson(JsValue value)
        {
            JsValue text = Engine.Invoke(Engine.GetValue("JSON").AsObject().Get("stringify"), JsValue.Undefined, new[] { value });
            return JsonConvert.SerializeObject(AmoWidgetCallbackResult.Plain(JToken.Parse(text.IsString() ? text.AsString() : "null")));
        }

        [Theory]
        [InlineData("null")]
        [InlineData("true")]
        [InlineData("0")]
        [InlineData("-0")]
        [InlineData("42")]
        [InlineData("-9007199254740992")]
        [InlineData("NaN")]
        [InlineData("'text'")]
        [InlineData("'a\\u2028b \\ud83d\\ude00'")]
        [InlineData("'2024-01-01 is not a date for the reader'")]
        [InlineData("[1, 'a', null, undefined, [true, []]]")]
        [InlineData("[, 1]")]
        [InlineData("({ b: 1, a: { c: [1, 2] }, '2': 'two', '1': 'one', u: undefined })")]
        [InlineData("({ Target: '$.on', Arguments: ['document', '[function]'], Answer: null })")]
        public void AValueItReadsReadsAsItsJsonText(string expression)
        {
            JsValue value = Engine.Evaluate(expression);
            Assert.True(PlainData.TryRead(value, out object? data));
            Assert.Equal(ByJson(value), JsonConvert.SerializeObject(data));
        }

        [Theory]
        [InlineData("1.5")]
        [InlineData("9007199254740993 * 2")]
        [InlineData("1e21")]
        [InlineData("'2024-01-01T10:00:00Z'")]
        [InlineData("'/Date(1700000000000)/'")]
        [InlineData("'half a pair \\ud800'")]
        [InlineData("({ '\\udc00': 1 })")]
        [InlineData("({ a: function () {} })")]
        [InlineData("({ get a() { return 1; } })")]
        [InlineData("new Date(0)")]
        [InlineData("({ toJSON: function () { return 1; } })")]
        [InlineData("new Proxy({}, {})")]
        [InlineData("[Symbol('s')]")]
        public void AValueWhoseTextMayReadOtherwiseIsLeftToTheJsonPath(string expression)
        {
            Assert.False(PlainData.TryRead(Engine.Evaluate(expression), out _));
        }

        [Fact]
        public void AToJsonAWidgetPutOnAPrototypeSendsEveryObjectToTheJsonPath()
        {
            var engine = new Engine();
            JsValue before = engine.Evaluate("({ a: [1] })");
            Assert.True(PlainData.TryRead(before, out _));
            engine.Execute("Object.prototype.toJSON = function () { return 'x'; };");
            Assert.False(PlainData.TryRead(engine.Evaluate("({ a: 1 })"), out _));
            Assert.False(PlainData.TryRead(engine.Evaluate("[1]"), out _));
        }

        [Fact]
        public void TheRecordersCallsReadAsTheirJsonTextReadsThem()
        {
            JsValue calls = Engine.Evaluate("[{ Target: 'APP.constant', Arguments: ['account'], Answer: { id: 31000001, users: { '604211': 'Anna K.' } } }, { Target: 'self.i18n', Arguments: 'not an array', Answer: undefined }]");
            Assert.True(PlainData.TryReadCalls(calls, out AmoWidgetCall[] read));
            Assert.Equal(2, read.Length);
            Assert.Equal("APP.constant", read[0].Target);
            Assert.Equal(new object?[] { "account" }, read[0].Arguments);
            Assert.Equal(31000001L, ((Dictionary<string, object?>)read[0].Answer!)["id"]);
            Assert.Empty(read[1].Arguments);
            Assert.Null(read[1].Answer);

            // A Target that is not a string is the JSON path's to read.
            Assert.False(PlainData.TryReadCalls(Engine.Evaluate("[{ Target: 1, Arguments: [], Answer: null }]"), out _));
        }
    }
}
