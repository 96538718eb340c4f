using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>
    /// Lenient reading of API JSON. Fields documented as numbers arrive as null (pipeline_id), strings with a decimal
    /// comma (rating "2,8") or arrays where objects are expected (settings []), so every read tolerates the other shapes
    /// instead of failing the whole answer.
    /// </summary>
    internal static class ApiJson
    {
        public static JToken Parse(string text)
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
            };
            JToken token = JToken.ReadFrom(reader);
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    throw new JsonReaderException($"Unexpected content after the JSON value at line {reader.LineNumber}, position {reader.LinePosition}.");
                }
            }

            return token;
        }

        public static string? String(JToken? token, string key)
        {
            JToken? v = token?[key];
            return v is JValue value && value.Value != null ? value.ToString(CultureInfo.InvariantCulture) : null;
        }

        public static long? Long(JToken? token, string key)
        {
            JToken? v = token?[key];
            switch (v?.Type)
            {
                case JTokenType.Integer:
                    return v.Value<long>();
                case JTokenType.Float:
                    double d = v.Value<double>();
                    return Math.Floor(d) == d ? (long)d : (long?)null;
                case JTokenType.String:
                    return long.TryParse((string?)v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : (long?)null;
                default:
                    return null;
            }
        }

        public static bool? Bool(JToken? token, string key)
        {
            JToken? v = token?[key];
            switch (v?.Type)
            {
                case JTokenType.Boolean:
                    return v.Value<bool>();
                case JTokenType.Integer:
                    return v.Value<long>() != 0;
                case JTokenType.String:
                    string s = ((string?)v ?? string.Empty).Trim();
                    if (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("Y", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    if (s == "0" || s.Length == 0 || s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("N", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    return null;
                default:
                    return null;
            }
        }

        public static IEnumerable<JToken> Items(JToken? token) => token switch
        {
            JArray array => array,
            JObject obj => obj.Properties().Select(p => p.Value),
            _ => Enumerable.Empty<JToken>(),
        };

        /// <summary>A JSON value as plain .NET data: objects become ordered dictionaries, arrays object[], numbers long or double.</summary>
        public static object? ToPlain(JToken? token)
        {
            switch (token)
            {
                case null:
                    return null;
                case JObject obj:
                    var dict = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (JProperty p in obj.Properties())
                    {
                        dict[p.Name] = ToPlain(p.Value);
                    }

                    return dict;
                case JArray array:
                    return array.Select(ToPlain).ToArray();
                case JValue value:
                    return value.Type switch
                    {
                        JTokenType.Integer => value.Value is System.Numerics.BigInteger big ? (object)(double)big : Convert.ToInt64(value.Value, CultureInfo.InvariantCulture),
                        JTokenType.Float => Convert.ToDouble(value.Value, CultureInfo.InvariantCulture),
                        JTokenType.Null or JTokenType.Undefined => null,
                        _ => value.Value is string s ? s : value.ToString(CultureInfo.InvariantCulture),
                    };
                default:
                    return token.ToString();
            }
        }

        /// <summary>Plain .NET data (dictionaries, lists, strings, numbers, SecureStrings revealed by the caller) as a JSON token.</summary>
        public static JToken FromPlain(object? value)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case JToken token:
                    return token;
                case string s:
                    return new JValue(s);
                case bool b:
                    return new JValue(b);
                case char c:
                    return new JValue(c.ToString());
                case byte or sbyte or short or ushort or int or uint or long:
                    return new JValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong or float or double or decimal:
                    return new JValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                case IDictionary dict:
                    var obj = new JObject();
                    foreach (DictionaryEntry e in dict)
                    {
                        obj[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FromPlain(e.Value);
                    }

                    return obj;
                case IEnumerable items:
                    var array = new JArray();
                    foreach (object? item in items)
                    {
                        array.Add(FromPlain(item));
                    }

                    return array;
                case SecureString _:
                    throw new ArgumentException("A SecureString must be revealed by the caller before it is sent.");
                default:
                    return new JValue(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
