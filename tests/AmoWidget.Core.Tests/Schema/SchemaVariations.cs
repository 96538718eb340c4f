using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Manifests made from the corpus ones by one to three random edits each (a fixed seed, so every run judges the
    /// same documents): a value replaced by one of another type or an edge value, a key removed, a key added (a key
    /// the schema names somewhere, an unknown one, a comment key), an array emptied or grown, a key repeated with a
    /// different value (written as text: the repeat stands first, its last value wins, as JSON readers take it).
    /// </summary>
    internal static class SchemaVariations
    {
        private static readonly string[] Keys =
        {
            "widget", "locations", "settings", "dp", "advanced", "salesbot_designer", "sms", "mobile", "amoforms_settings",
            "left_menu", "tour", "name", "description", "short_description", "version", "interface_version", "init_once",
            "locale", "installation", "support", "link", "email", "code", "secret_key", "type", "required", "action_multiple",
            "webhook_url", "title", "handler", "endpoint", "frame_url", "color", "unknown_key", "_comment", "$schema",
        };

        /// <summary><paramref name="count"/> variations of the given manifests, each as (a name saying what was done, the text).</summary>
        public static IEnumerable<(string Name, string Text)> Of(IReadOnlyList<(string Name, JToken Token)> manifests, int count, int seed = 13)
        {
            var random = new Random(seed);
            for (int n = 0; n < count; n++)
            {
                (string name, JToken original) = manifests[random.Next(manifests.Count)];
                JToken token = original.DeepClone();
                var done = new List<string>();
                JObject? repeatIn = null;
                string? repeatKey = null;
                JToken? repeatValue = null;
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    List<JToken> nodes = new[] { token }.Concat((token as JContainer)?.Descendants() ?? Enumerable.Empty<JToken>()).Where(t => t is not JProperty).ToList();
                    JToken target = nodes[random.Next(nodes.Count)];
                    switch (random.Next(6))
                    {
                        case 0:
                        case 1:
                            JToken value = Value(random);
                            done.Add($"{Where(target)} = {value.ToString(Formatting.None)}");
                            if (target.Parent == null)
                            {
                                token = value;
                            }
                            else
                            {
                                target.Replace(value);
                            }

                            break;
                        case 2:
                            if (target.Parent is JProperty property)
                            {
                                done.Add($"remove {Where(target)}");
                                property.Remove();
                            }

                            break;
                        case 3:
                            if (target is JObject obj)
                            {
                                string key = Keys[random.Next(Keys.Length)];
                                JToken added = Value(random);
                                done.Add($"{Where(target)}/{key} = {added.ToString(Formatting.None)}");
                                obj[key] = added;
                            }

                            break;
                        case 4:
                            if (target is JArray array)
                            {
                                if (random.Next(2) == 0)
                                {
                                    done.Add($"empty {Where(target)}");
                                    array.RemoveAll();
                                }
                                else
                                {
                                    JToken item = random.Next(2) == 0 ? new JValue(Keys[random.Next(Keys.Length)]) : Value(random);
                                    done.Add($"{Where(target)} += {item.ToString(Formatting.None)}");
                                    array.Add(item);
                                }
                            }

                            break;
                        default:
                            if (target is JObject repeated && repeated.Count > 0)
                            {
                                repeatIn = repeated;
                                repeatKey = repeated.Properties().ElementAt(random.Next(repeated.Count)).Name;
                                repeatValue = Value(random);
                                done.Add($"{Where(target)}/{repeatKey} first written as {repeatValue.ToString(Formatting.None)}");
                            }

                            break;
                    }
                }

                var text = new StringBuilder();
                Write(token, text, repeatIn, repeatKey, repeatValue);
                yield return ($"{name} #{n}: {string.Join("; ", done)}", text.ToString());
            }
        }

        private static JToken Value(Random random) => random.Next(17) switch
        {
            0 => new JValue("text"),
            1 => new JValue(string.Empty),
            2 => new JValue(2L),
            3 => new JValue(2.0),
            4 => new JValue(2.5),
            5 => new JValue(-1L),
            6 => new JValue(true),
            7 => new JValue(false),
            8 => JValue.CreateNull(),
            9 => new JObject(),
            10 => new JArray(),
            11 => new JArray("ru", "en"),
            12 => new JValue("2"),
            13 => new JObject { ["name"] = "settings.x", ["type"] = "text", ["required"] = false },
            14 => new JValue("lcard-1"),
            15 => new JValue("True"),
            _ => new JObject { ["type"] = "custom" },
        };

        private static string Where(JToken token) => token.Path.Length == 0 ? "(root)" : token.Path;

        private static void Write(JToken token, StringBuilder text, JObject? repeatIn, string? repeatKey, JToken? repeatValue)
        {
            switch (token)
            {
                case JObject obj:
                    text.Append('{');
                    bool first = true;
                    if (ReferenceEquals(obj, repeatIn) && obj.ContainsKey(repeatKey!))
                    {
                        text.Append(JsonConvert.ToString(repeatKey)).Append(':');
                        Write(repeatValue!, text, null, null, null);
                        first = false;
                    }

                    foreach (JProperty property in obj.Properties())
                    {
                        text.Append(first ? string.Empty : ",").Append(JsonConvert.ToString(property.Name)).Append(':');
                        Write(property.Value, text, repeatIn, repeatKey, repeatValue);
                        first = false;
                    }

                    text.Append('}');
                    break;
                case JArray array:
                    text.Append('[');
                    for (int i = 0; i < array.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ",");
                        Write(array[i], text, repeatIn, repeatKey, repeatValue);
                    }

                    text.Append(']');
                    break;
                default:
                    text.Append(token.Type == JTokenType.Float
                        ? ((double)token).ToString("0.0###############", CultureInfo.InvariantCulture)
                        : token.ToString(Formatting.None));
                    break;
            }
        }
    }
}
