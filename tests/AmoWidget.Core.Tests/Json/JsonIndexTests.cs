using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The checker's reader (JsonIndex) against the editor's (JsonDocument), which is the reference: on the corpus
    /// manifests, on thousands of damaged and re-laid-out copies of them, and on hand-made edge cases, both accept the
    /// same texts, refuse the rest with the same reason, line and column, and read the same values, keys, repeated keys,
    /// pointers and positions.
    /// </summary>
    public sealed class JsonIndexTests
    {
        private const int Variations = 4000;

        [CorpusFact]
        public void OnTheCorpusAndDamagedCopiesBothReadersAgree()
        {
            var random = new Random(1313);
            string[] texts = Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
            int refused = 0;
            foreach (string text in texts)
            {
                refused += Agree(Encoding.UTF8.GetBytes(text)) ? 0 : 1;
            }

            for (int n = 0; n < Variations; n++)
            {
                refused += Agree(Damage(texts[random.Next(texts.Length)], random)) ? 0 : 1;
            }

            // The variations reach both sides: many are refused, many are not.
            Assert.InRange(refused, Variations / 5, Variations * 4 / 5);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("[]")]
        [InlineData(" \r\n\t{ } \r")]
        [InlineData("{\"a\":{},\"b\":[],\"c\":[{}],\"d\":[[]]}")]
        [InlineData("{\"a\":1,\"a\":2,\"b\":{\"a\":3},\"a\":4}")]
        [InlineData("{\"a\":1,\"\\u0061\":2}")]
        [InlineData("{\"k\\\"ey\":\"v\\\\al\\/\\b\\f\\n\\r\\t\\u00e9\"}")]
        [InlineData("[0,-0,1.5,-2e10,3E+2,4e-2,123456789012345678,1234567890123456789,-9223372036854775808,99999999999999999999]")]
        [InlineData("[true,false,null,\"\"]")]
        [InlineData("{\"a\":1}\r{\"b\":2}")]
        [InlineData("\"only a string\"")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("{\"a\":1,}")]
        [InlineData("[1,]")]
        [InlineData("{'a':1}")]
        [InlineData("{\"a\" 1}")]
        [InlineData("{\"a\":01}")]
        [InlineData("{\"a\":1.}")]
        [InlineData("{\"a\":-}")]
        [InlineData("{\"a\":1e}")]
        [InlineData("{\"a\":tru}")]
        [InlineData("{\"a\":nul}")]
        [InlineData("{\"a\":\"x\ny\"}")]
        [InlineData("{\"a\":\"x\ty\"}")]
        [InlineData("{\"a\":\"\\x\"}")]
        [InlineData("{\"a\":\"\\u12G4\"}")]
        [InlineData("{\"a\":\"\\u12\"}")]
        [InlineData("{\"a\":\"unterminated}")]
        [InlineData("{\"a\":1 // comment\n}")]
        [InlineData("{\"a\":1 /* comment */}")]
        [InlineData("\uFEFF{\"a\":1}")]
        [InlineData("\uFEFF\uFEFF{\"a\":1}")]
        [InlineData("{\"a\":\"\uD800\"}")]
        [InlineData("{\"a\":1}}")]
        [InlineData("[[[[[[[[[[\"deep\"]]]]]]]]]]")]
        public void OnEdgeCasesBothReadersAgree(string text)
        {
            AgreeOnText(text);
            if (!text.Contains('\uD800'))
            {
                Agree(Encoding.UTF8.GetBytes(text));
            }
        }

        [Fact]
        public void OnLargeObjectsWithRepeatedKeysBothReadersAgree()
        {
            // Past 32 keys the reader finds a repeat through a table; long keys (past the pool's 48 characters) and
            // escaped spellings of the same key must still be found.
            var text = new StringBuilder("{");
            for (int i = 0; i < 200; i++)
            {
                string key = i % 7 == 0 ? new string('k', 60) : i % 5 == 0 ? "\\u006bey" + (i % 3) : "key" + (i % 40);
                text.Append(i == 0 ? string.Empty : ",").Append('"').Append(key).Append("\":").Append(i);
            }

            Agree(Encoding.UTF8.GetBytes(text.Append('}').ToString()));
        }

        [Fact]
        public void NestingPastTheLimitIsRefusedTheSameWay()
        {
            Agree(Encoding.UTF8.GetBytes(new string('[', 512) + new string(']', 512)));
            Agree(Encoding.UTF8.GetBytes(new string('[', 513) + new string(']', 513)));
        }

        [Fact]
        public void BytesThatAreNotUtf8AreRefusedTheSameWay()
        {
            Agree(new byte[] { 0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0 });
            Agree(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' });
            Agree(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' });
        }

        [Fact]
        public void AReleasedIndexLeavesTheNextOneItsArraysAndReadsTheSame()
        {
            JsonIndex first = JsonIndex.Parse("{\"a\":[1,2,{\"b\":\"c\"}],\"d\":\"e\"}");
            Assert.Equal("c", first.Root["a"][2]["b"].AsString());
            first.Release();
            Assert.Throws<IndexOutOfRangeException>(() => first.Root.Kind);

            // The next index gets the arrays, stale contents and all; it must read only its own.
            JsonIndex second = JsonIndex.Parse("{\"x\":{},\"y\":[]}");
            Assert.Equal(0, second.Root["x"].Count);
            Assert.Equal(0, second.Root["y"].Count);
            Assert.False(second.Root["a"].Exists);
            second.Release();
        }

        /// <summary>Both readers over the bytes; true when they accept them.</summary>
        internal static bool Agree(byte[] utf8) => Agree(() => JsonDocument.Parse(utf8), () => JsonIndex.Parse(utf8));

        /// <summary>Both readers over the text (a string: a lone surrogate reaches them as it is).</summary>
        private static bool AgreeOnText(string text) => Agree(() => JsonDocument.Parse(text), () => JsonIndex.Parse(text));

        private static bool Agree(Func<JsonDocument> reference, Func<JsonIndex> checker)
        {
            JsonDocument? expected = null;
            JsonParseException? refusal = null;
            try
            {
                expected = reference();
            }
            catch (JsonParseException ex)
            {
                refusal = ex;
            }

            JsonIndex actual;
            try
            {
                actual = checker();
            }
            catch (JsonParseException ex)
            {
                Assert.True(refusal != null, $"JsonIndex refused what JsonDocument reads: {ex.Message}");
                Assert.Equal((refusal!.Reason, refusal.Line, refusal.Column), (ex.Reason, ex.Line, ex.Column));
                return false;
            }

            Assert.True(refusal == null, $"JsonIndex read what JsonDocument refuses: {refusal?.Message}");
            Same(expected!, actual);
            actual.Release();
            return true;
        }

        private static void Same(JsonDocument expected, JsonIndex actual)
        {
            Assert.Equal(expected.HadBom, actual.HadBom);
            Assert.Equal(expected.DuplicateKeys.Select(p => (p.Pointer, p.Position)), actual.DuplicateKeys.Select(m => (new JsonRef(actual, m).Pointer, new JsonRef(actual, m).KeyPosition)));
            Same(expected.Root, actual.Root);
        }

        private static void Same(JsonNode expected, JsonRef actual)
        {
            Assert.Equal(expected.Kind, actual.Kind);
            Assert.Equal(expected.Pointer, actual.Pointer);
            Assert.Equal(expected.Position, actual.Position);
            switch (expected)
            {
                case JsonObject obj:
                    Assert.Equal(obj.Count, actual.Count);
                    var members = new List<JsonRef>();
                    foreach (JsonRef member in actual)
                    {
                        members.Add(member);
                    }

                    for (int i = 0; i < obj.Count; i++)
                    {
                        JsonProperty property = obj.Properties[i];
                        Assert.Equal(property.Key, members[i].Key);
                        Assert.Equal(property.Position, members[i].KeyPosition);
                        Assert.Equal(ReferenceEquals(obj.GetProperty(property.Key), property), members[i].IsLastOfKey);
                        Assert.Equal(obj[property.Key]!.Pointer, actual[property.Key].Pointer);
                        Same(property.Value, members[i]);
                    }

                    break;
                case JsonArray array:
                    Assert.Equal(array.Count, actual.Count);
                    for (int i = 0; i < array.Count; i++)
                    {
                        Same(array[i], actual[i]);
                    }

                    break;
                case JsonValue value:
                    Assert.Equal(value.Value, actual.Value);
                    Assert.Equal(value.RawText, actual.RawText);
                    Assert.Equal(value.Value is long l ? l : (long?)null, actual.AsLong());
                    break;
            }
        }

        /// <summary>A copy with a few random edits: characters cut, doubled or put in, other line breaks, a BOM.</summary>
        internal static byte[] Damage(string text, Random random)
        {
            const string Inserts = "{}[],:\"\\ \n\r\t0-.e1aé\u0001/";
            var chars = new StringBuilder(text);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && chars.Length > 0; e++)
            {
                int at = random.Next(chars.Length);
                switch (random.Next(6))
                {
                    case 0:
                        chars.Remove(at, 1);
                        break;
                    case 1:
                        chars.Insert(at, Inserts[random.Next(Inserts.Length)]);
                        break;
                    case 2:
                        chars.Insert(at, chars[at]);
                        break;
                    case 3:
                        chars.Replace("\n", random.Next(2) == 0 ? "\r\n" : "\r");
                        break;
                    case 4:
                        // A repeated member: a line that holds a key, again.
                        string whole = chars.ToString();
                        int line = whole.LastIndexOf('\n', at);
                        int next = whole.IndexOf('\n', at);
                        if (line >= 0 && next > line && whole.Substring(line, next - line).Contains("\":"))
                        {
                            chars.Insert(next, whole.Substring(line, next - line));
                        }

                        break;
                    default:
                        break;
                }
            }

            byte[] bytes = Encoding.UTF8.GetBytes(chars.ToString());
            return random.Next(20) == 0 ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray() : bytes;
        }
    }
}
