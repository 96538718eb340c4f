using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>
    /// Builds the body of an install (POST /api/v4/widgets/{code}) from the user's settings, checked against the
    /// widget's settings_template before anything is sent: every required key present, and users / users_lp values
    /// shaped as the API wants ({user_id: extension} and {user_id: {login, password}}).
    /// </summary>
    internal static class WidgetSettings
    {
        public static JObject Build(string code, IReadOnlyList<AmoWidgetSettingField> template, IDictionary? settings)
        {
            var given = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (settings != null)
            {
                foreach (DictionaryEntry e in settings)
                {
                    given[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty] = e.Value;
                }
            }

            List<AmoWidgetSettingField> missing = template.Where(f => f.IsRequired && (!given.TryGetValue(f.Key, out object? v) || IsEmpty(v))).ToList();
            if (missing.Count > 0)
            {
                string list = string.Join(", ", missing.Select(f => f.Name != null && f.Name != f.Key ? $"{f.Key} ({f.Type}, \"{f.Name}\")" : $"{f.Key} ({f.Type})"));
                throw new AmoException(ErrorIds.AmoWidgetSettingRequired, AmoErrorKind.InvalidArgument,
                    $"Widget '{code}' needs these settings, which -Settings does not give: {list}. Nothing was sent.", code)
                {
                    RecommendedAction = "Pass them in -Settings, e.g. -Settings @{ " + string.Join("; ", missing.Select(f => f.Key + " = ...")) + " }.",
                };
            }

            var body = new JObject();
            foreach (KeyValuePair<string, object?> pair in given)
            {
                string? type = template.FirstOrDefault(f => f.Key == pair.Key)?.Type;
                body[pair.Key] = Shape(code, pair.Key, type, pair.Value);
            }

            return body;
        }

        private static JToken Shape(string code, string key, string? type, object? value)
        {
            switch (type)
            {
                case "users":
                    return Map(code, key, type, value, v => Scalar(code, key, type, v));
                case "users_lp":
                    return Map(code, key, type, value, v =>
                    {
                        if (v is IDictionary pair)
                        {
                            return new JObject
                            {
                                ["login"] = Scalar(code, key, type, Find(pair, "login")),
                                ["password"] = Scalar(code, key, type, Find(pair, "password")),
                            };
                        }

                        throw Invalid(code, key, type, "each user needs @{ login = ...; password = ... } (or a PSCredential)");
                    });
                case "text":
                case "pass":
                    return Scalar(code, key, type, value);
                default:
                    return ApiJson.FromPlain(value);
            }
        }

        private static JObject Map(string code, string key, string type, object? value, Func<object?, JToken> shapeValue)
        {
            if (!(value is IDictionary map))
            {
                throw Invalid(code, key, type, "give a hashtable keyed by user id");
            }

            var obj = new JObject();
            foreach (DictionaryEntry e in map)
            {
                string userId = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw Invalid(code, key, type, $"'{userId}' is not a user id (a number)");
                }

                obj[userId] = shapeValue(e.Value);
            }

            return obj;
        }

        private static JToken Scalar(string code, string key, string? type, object? value) => value switch
        {
            null => JValue.CreateNull(),
            string s => new JValue(s),
            bool b => new JValue(b ? "Y" : "N"),
            IFormattable f => new JValue(f.ToString(null, CultureInfo.InvariantCulture)),
            IDictionary or IList => throw Invalid(code, key, type, "give a single value"),
            _ => new JValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };

        private static object? Find(IDictionary pair, string name)
        {
            foreach (DictionaryEntry e in pair)
            {
                if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                {
                    return e.Value;
                }
            }

            return null;
        }

        private static bool IsEmpty(object? value) => value switch
        {
            null => true,
            string s => s.Trim().Length == 0,
            ICollection c => c.Count == 0,
            _ => false,
        };

        private static AmoException Invalid(string code, string key, string? type, string what) =>
            new AmoException(ErrorIds.AmoWidgetSettingInvalid, AmoErrorKind.InvalidArgument,
                $"Widget '{code}' setting '{key}' ({type}): {what}. Nothing was sent.", code);
    }
}
