using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using AmoWidget.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace AmoWidget.Validation
{
    /// <summary>
    /// The manifest's JSON Schema (Schema/manifest.schema.json, embedded; the module also ships the file for
    /// editors), checked with NJsonSchema. Its errors become AmoFieldRequired / AmoFieldType / AmoInterfaceVersion /
    /// AmoSettingType / AmoDpActionMultipleMissing findings at the node's JSON pointer. Location and locale values are
    /// listed in the schema for completion, but judged by the C# rules, which know the platform and suggest names.
    /// </summary>
    internal static class ManifestSchema
    {
        public const string ResourceName = "AmoWidget.Schema.manifest.schema.json";

        private static readonly Lazy<JsonSchema> Parsed = new Lazy<JsonSchema>(Load, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        // JsonSchema.Validate builds a validator (and its format table) per call, which is most of its cost; one per
        // thread is reused instead, so that runspaces validating in parallel never share one.
        [ThreadStatic]
        private static JsonSchemaValidator? validator;

        /// <summary>The schema text as shipped.</summary>
        public static string Text
        {
            get
            {
                using Stream stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
                    ?? throw new InvalidOperationException(ResourceName + " is not embedded in AmoWidget.Core.");
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        /// <summary>The parsed schema, built once per process.</summary>
        public static JsonSchema Schema => Parsed.Value;

        public static void Check(ManifestContext context)
        {
            var map = new Dictionary<JToken, JsonNode>(ReferenceComparer.Instance);
            JToken token = ToToken(context.Document.Root, map);
            var seen = new HashSet<(string, string)>();
            foreach (ValidationError error in Leaves((validator ??= new JsonSchemaValidator()).Validate(token, Schema)))
            {
                if (error.Token == null || !map.TryGetValue(error.Token, out JsonNode? node))
                {
                    continue;
                }

                string pointer = error.Kind == ValidationErrorKind.PropertyRequired
                    ? node.Pointer + "/" + JsonPointer.Escape(error.Property ?? string.Empty)
                    : node.Pointer;
                string? rule = RuleFor(error.Kind, pointer);
                if (rule == null || !seen.Add((rule, pointer)))
                {
                    continue;
                }

                context.At(rule, pointer, Describe(error, pointer, node));
            }
        }

        /// <summary>The rule a schema error belongs to, or null when a C# rule owns that place.</summary>
        internal static string? RuleFor(ValidationErrorKind kind, string pointer)
        {
            bool enumeration = kind == ValidationErrorKind.NotInEnumeration;
            if (enumeration && (IsItemOf(pointer, "/locations/") || IsItemOf(pointer, "/widget/locale/")))
            {
                return null;
            }

            if (kind == ValidationErrorKind.PropertyRequired)
            {
                return pointer == "/dp/action_multiple" ? "AmoDpActionMultipleMissing" : "AmoFieldRequired";
            }

            if (pointer == "/widget/interface_version")
            {
                return "AmoInterfaceVersion";
            }

            if (enumeration && IsSettingType(pointer))
            {
                return "AmoSettingType";
            }

            return kind == ValidationErrorKind.TooFewItems ? "AmoFieldRequired" : "AmoFieldType";
        }

        internal static bool IsItemOf(string pointer, string arrayPrefix) =>
            pointer.StartsWith(arrayPrefix, StringComparison.Ordinal) && pointer.IndexOf('/', arrayPrefix.Length) < 0;

        private static bool IsSettingType(string pointer)
        {
            string[] parts = pointer.Split('/');
            if (parts.Length < 3 || parts[parts.Length - 1] != "type")
            {
                return false;
            }

            return (parts.Length == 4 && parts[1] == "settings")
                || (parts.Length == 5 && parts[1] == "dp" && parts[2] == "settings")
                || (parts.Length == 6 && parts[1] == "salesbot_designer" && parts[3] == "settings");
        }

        private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors)
        {
            foreach (ValidationError error in errors)
            {
                IEnumerable<ValidationError>? children = error switch
                {
                    ChildSchemaValidationError child => child.Errors.Values.SelectMany(v => v),
                    MultiTypeValidationError multi => multi.Errors.Values.SelectMany(v => v),
                    _ => null,
                };
                if (children == null)
                {
                    yield return error;
                    continue;
                }

                foreach (ValidationError leaf in Leaves(children))
                {
                    yield return leaf;
                }
            }
        }

        private static string Describe(ValidationError error, string pointer, JsonNode node)
        {
            string where = Display(pointer);
            switch (error.Kind)
            {
                case ValidationErrorKind.PropertyRequired:
                    return $"{where} is required but missing.";
                case ValidationErrorKind.NotInEnumeration:
                    string allowed = string.Join(", ", error.Schema?.ActualSchema.Enumeration.Select(v => v is bool b ? (b ? "true" : "false") : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)) ?? Enumerable.Empty<string>());
                    return $"{where} is {Shown(node, pointer)}; allowed: {allowed}.";
                case ValidationErrorKind.TooFewItems:
                    return $"{where} is empty; list at least one value.";
                default:
                    string expected = Expected(error.Kind);
                    return expected.Length == 0
                        ? $"{where} does not match the manifest schema ({error.Kind})."
                        : $"{where} must be {expected}, not {KindName(node)} {Shown(node, pointer)}.";
            }
        }

        private static string Expected(ValidationErrorKind kind) => kind switch
        {
            ValidationErrorKind.StringExpected => "a string",
            ValidationErrorKind.BooleanExpected => "a boolean (true or false)",
            ValidationErrorKind.IntegerExpected => "an integer",
            ValidationErrorKind.NumberExpected => "a number",
            ValidationErrorKind.ObjectExpected => "an object",
            ValidationErrorKind.ArrayExpected => "an array",
            _ => string.Empty,
        };

        private static string KindName(JsonNode node) => node.Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "the string",
            JsonKind.Number => "the number",
            JsonKind.Boolean => "the boolean",
            _ => "null",
        };

        // Scalar values are quoted so the user sees what is there; never a secret key's value.
        private static string Shown(JsonNode node, string pointer)
        {
            if (node is not JsonValue value || pointer == "/widget/secret_key")
            {
                return string.Empty;
            }

            string raw = value.RawText;
            return raw.Length > 40 ? raw.Substring(0, 37) + "..." : raw;
        }

        /// <summary>A pointer as a reader says it: /widget/locale/1 is widget.locale[1].</summary>
        internal static string Display(string pointer)
        {
            if (pointer.Length == 0)
            {
                return "(root)";
            }

            var text = new System.Text.StringBuilder();
            foreach (string token in pointer.Substring(1).Split('/').Select(JsonPointer.Unescape))
            {
                if (token.Length > 0 && token.All(char.IsDigit) && text.Length > 0)
                {
                    text.Append('[').Append(token).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? string.Empty : ".").Append(token);
                }
            }

            return text.ToString();
        }

        /// <summary>The document as Newtonsoft tokens for NJsonSchema; each token remembers its node (the last of duplicate keys wins, as readers do).</summary>
        private static JToken ToToken(JsonNode node, Dictionary<JToken, JsonNode> map)
        {
            JToken token;
            switch (node)
            {
                case JsonObject obj:
                    // A repeated key counts once, with its last value where it first stood (as JSON readers take it):
                    // the values it overrides are never converted, so a hostile run of duplicates costs nothing here.
                    var jobj = new JObject();
                    var last = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
                    foreach (JsonProperty property in obj.Properties)
                    {
                        last[property.Key] = property;
                    }

                    foreach (JsonProperty property in obj.Properties)
                    {
                        if (!jobj.ContainsKey(property.Key))
                        {
                            jobj[property.Key] = ToToken(last[property.Key].Value, map);
                        }
                    }

                    token = jobj;
                    break;
                case JsonArray array:
                    var jarray = new JArray();
                    foreach (JsonNode item in array.Items)
                    {
                        jarray.Add(ToToken(item, map));
                    }

                    token = jarray;
                    break;
                case JsonValue value:
                    token = value.Value switch
                    {
                        null => JValue.CreateNull(),
                        string s => new JValue(s),
                        long l => new JValue(l),
                        double d => new JValue(d),
                        bool b => new JValue(b),
                        _ => new JValue(value.RawText),
                    };
                    break;
                default:
                    throw new InvalidOperationException("Unknown JSON node " + node.GetType().Name);
            }

            map[token] = node;
            return token;
        }

        /// <summary>
        /// The shipped schema without its key lists: the closed objects (additionalProperties false, patternProperties)
        /// and the keys it lists only to accept them (a description and nothing to check). Those tell editors which
        /// keys a block takes, but AmoKeyUnknown judges keys here, with the nearest documented key and the block a
        /// misplaced one belongs in; NJsonSchema would otherwise walk them on every object of every manifest.
        /// </summary>
        private static JsonSchema Load()
        {
            JObject schema = JObject.Parse(Text);
            foreach (JObject node in schema.DescendantsAndSelf().OfType<JObject>().ToList())
            {
                if (node["additionalProperties"] is JValue { Type: JTokenType.Boolean } closed && !(bool)closed)
                {
                    node.Remove("additionalProperties");
                    node.Remove("patternProperties");
                    if (node["properties"] is JObject properties)
                    {
                        foreach (JProperty listed in properties.Properties().Where(p => p.Value is JObject o && o.Properties().All(k => k.Name == "description")).ToList())
                        {
                            listed.Remove();
                        }
                    }
                }
            }

            string open = schema.ToString(Newtonsoft.Json.Formatting.None);
            return Task.Run(() => JsonSchema.FromJsonAsync(open)).GetAwaiter().GetResult();
        }

        private sealed class ReferenceComparer : IEqualityComparer<JToken>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public bool Equals(JToken? x, JToken? y) => ReferenceEquals(x, y);

            public int GetHashCode(JToken obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
