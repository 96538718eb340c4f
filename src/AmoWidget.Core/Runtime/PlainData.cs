using System;
using System.Collections.Generic;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// A value the stand-ins already made plain (the output of __amo.plain and the recorder's calls: null, booleans,
    /// numbers, strings, arrays and plain objects) read into .NET data without the JSON text in between: the same
    /// Dictionary, object[], string, long and bool values <see cref="AmoWidgetCallbackResult.Plain"/> gives for its
    /// JSON.stringify text read back by <c>JToken.Parse</c>, which was a fifth of the host's own work per callback
    /// (dotnet-trace, a warm walk of KonstantinAbramov). Whatever the two could read differently is declined, and the
    /// caller takes the JSON path as before: a number that is not an integer within a long (its text and Newtonsoft's
    /// reading of it, https://tc39.es/ecma262/#sec-numeric-types-number-tostring), a string Newtonsoft's default
    /// DateParseHandling would read as a date (ISO 8601 with a T at index 10, or /Date(...)/,
    /// https://www.newtonsoft.com/json/help/html/DatesInJSON.htm), a toJSON method JSON.stringify would call
    /// (https://tc39.es/ecma262/#sec-serializejsonproperty, a widget may put one on Object.prototype), an accessor
    /// property, a function or symbol value, or any object that is not a plain object or array.
    /// </summary>
    internal static class PlainData
    {
        /// <summary>Deeper than __amo.plain makes anything (it stops at 6): declined, for the JSON path to judge.</summary>
        private const int MaxDepth = 32;

        /// <summary>
        /// 2^53: up to it every integer is a double and is written with its own digits; above it the shortest text
        /// that reads back as the double is written, padded with zeros (2^62 as 4611686018427388000), which a long
        /// read from that text no longer equals.
        /// </summary>
        private const double ExactIntegers = 9007199254740992d;

        /// <summary>The value as plain .NET data; false (and null) when only its JSON text can say what it reads as.</summary>
        public static bool TryRead(JsValue value, out object? data) => TryRead(value, 0, out data);

        /// <summary>The recorder's calls ({Target, Arguments, Answer} each) as the trace's calls; false as <see cref="TryRead(JsValue, out object?)"/>.</summary>
        public static bool TryReadCalls(JsValue recorded, out AmoWidgetCall[] calls)
        {
            calls = Array.Empty<AmoWidgetCall>();
            if (!(recorded is JsArray array) || recorded.GetType() != typeof(JsArray) || HasToJson(array))
            {
                return false;
            }

            uint length = array.Length;
            var list = new AmoWidgetCall[length];
            for (uint i = 0; i < length; i++)
            {
                if (!(array.Get(i) is JsObject call) || call.GetType() != typeof(JsObject) || HasToJson(call))
                {
                    return false;
                }

                if (!TryProperty(call, "Target", out JsValue target) || !target.IsString()
                    || !TryProperty(call, "Arguments", out JsValue arguments) || !TryRead(arguments, 1, out object? args)
                    || !TryProperty(call, "Answer", out JsValue answer) || !TryRead(answer, 1, out object? plainAnswer))
                {
                    return false;
                }

                // The JSON path keeps an Arguments that is an array and reads anything else as none.
                list[i] = new AmoWidgetCall(target.AsString(), args as object?[] ?? Array.Empty<object?>(), plainAnswer);
            }

            calls = list;
            return true;
        }

        private static bool TryRead(JsValue value, int depth, out object? data)
        {
            data = null;
            switch (value.Type)
            {
                case Types.Undefined:
                case Types.Null:
                    return true;
                case Types.Boolean:
                    data = value.AsBoolean();
                    return true;
                case Types.Number:
                    double number = value.AsNumber();
                    if (double.IsNaN(number) || double.IsInfinity(number))
                    {
                        // JSON.stringify writes null for them.
                        return true;
                    }

                    if (Math.Floor(number) != number || Math.Abs(number) > ExactIntegers)
                    {
                        return false;
                    }

                    // Written as its digits (and -0 as 0), which Newtonsoft reads as a long.
                    data = (long)number;
                    return true;
                case Types.String:
                    string text = value.AsString();
                    if (MayReadAsDate(text) || HasLoneSurrogate(text))
                    {
                        return false;
                    }

                    data = text;
                    return true;
                case Types.Object:
                    return depth < MaxDepth && TryReadObject(value.AsObject(), depth, out data);
                default:
                    return false;
            }
        }

        private static bool TryReadObject(ObjectInstance value, int depth, out object? data)
        {
            data = null;
            if (HasToJson(value))
            {
                return false;
            }

            if (value is JsArray array && value.GetType() == typeof(JsArray))
            {
                uint length = array.Length;
                var items = new object?[length];
                for (uint i = 0; i < length; i++)
                {
                    JsValue item = array.Get(i);
                    if (item.IsUndefined())
                    {
                        // A hole or undefined is null in JSON text.
                        continue;
                    }

                    if (!TryRead(item, depth + 1, out items[i]))
                    {
                        return false;
                    }
                }

                data = items;
                return true;
            }

            if (value.GetType() != typeof(JsObject))
            {
                return false;
            }

            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (JsValue key in value.GetOwnPropertyKeys(Types.String))
            {
                PropertyDescriptor property = value.GetOwnProperty(key);
                if (property == PropertyDescriptor.Undefined || !property.Enumerable)
                {
                    continue;
                }

                if (property.IsAccessorDescriptor())
                {
                    return false;
                }

                JsValue item = property.Value;
                if (item.IsUndefined())
                {
                    // JSON.stringify leaves the key out.
                    continue;
                }

                string name = key.AsString();
                if (HasLoneSurrogate(name) || !TryRead(item, depth + 1, out object? plain))
                {
                    return false;
                }

                map[name] = plain;
            }

            data = map;
            return true;
        }

        private static bool TryProperty(ObjectInstance value, string name, out JsValue found)
        {
            PropertyDescriptor property = value.GetOwnProperty(name);
            found = property == PropertyDescriptor.Undefined || !property.Enumerable ? JsValue.Undefined : property.Value;
            return property == PropertyDescriptor.Undefined || !property.IsAccessorDescriptor();
        }

        /// <summary>
        /// Whether JSON.stringify could call a toJSON of the object (its own, or one a widget put on a prototype),
        /// looked up without running anything: a getter, a proxy or any unusual prototype on the way is taken as a yes.
        /// </summary>
        private static bool HasToJson(ObjectInstance value)
        {
            for (ObjectInstance? o = value; o != null; o = o.Prototype)
            {
                Type kind = o.GetType();
                if (kind != typeof(JsObject) && kind != typeof(JsArray) && kind != typeof(Jint.Native.Object.ObjectPrototype)
                    && kind != typeof(Jint.Native.Array.ArrayPrototype))
                {
                    // Only the plain kinds, whose own properties are read without running anything (a proxy's are not).
                    return true;
                }

                PropertyDescriptor property = o.GetOwnProperty("toJSON");
                if (property != PropertyDescriptor.Undefined)
                {
                    return property.IsAccessorDescriptor() || property.Value is Jint.Native.Function.Function;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether Newtonsoft's default reader could take the string for a date (DateTimeUtils.TryParseDateTime: a
        /// "/Date(" start, or 19 to 40 characters from a digit with a T at index 10): those stay on the JSON path.
        /// </summary>
        private static bool MayReadAsDate(string text) =>
            text.StartsWith("/Date(", StringComparison.Ordinal)
            || (text.Length >= 19 && text.Length <= 40 && char.IsDigit(text[0]) && text[10] == 'T');

        /// <summary>
        /// Whether the string holds half a surrogate pair: JSON.stringify writes it as a \u escape
        /// (https://tc39.es/ecma262/#sec-quotejsonstring) and Newtonsoft's reader makes that U+FFFD, so only the JSON
        /// path says what it reads as. A whole pair is written as it is and read back the same.
        /// </summary>
        private static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
