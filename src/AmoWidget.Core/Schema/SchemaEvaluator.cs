using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.Json;

namespace AmoWidget.Schema
{
    /// <summary>What a schema error says; the names are NJsonSchema's ValidationErrorKind, whose judgement this follows.</summary>
    internal enum SchemaErrorKind
    {
        PropertyRequired,
        NotInEnumeration,
        TooFewItems,
        ArrayExpected,
        StringExpected,
        NumberExpected,
        IntegerExpected,
        BooleanExpected,
        NullExpected,
        ObjectExpected,
        NoAdditionalPropertiesAllowed,
    }

    /// <summary>One schema error: where (an RFC 6901 pointer; for PropertyRequired the missing key's), the node it is about, and the schema that judged it.</summary>
    internal readonly struct SchemaError
    {
        public SchemaError(SchemaErrorKind kind, string pointer, JsonRef node, SchemaNode schema)
        {
            Kind = kind;
            Pointer = pointer;
            Node = node;
            Schema = schema;
        }

        public SchemaErrorKind Kind { get; }

        public string Pointer { get; }

        /// <summary>The value judged; for PropertyRequired the object that lacks the key.</summary>
        public JsonRef Node { get; }

        public SchemaNode Schema { get; }
    }

    /// <summary>One (sub)schema of the file, compiled: a $ref is the node it names.</summary>
    internal sealed class SchemaNode
    {
        private static readonly string[] None = Array.Empty<string>();

        /// <summary>The one type of "type", or null when the schema names none.</summary>
        public JsonKind? Type { get; set; }

        /// <summary>"type": "integer" (a Number that is a whole number as written, no fraction or exponent).</summary>
        public bool Integer { get; set; }

        /// <summary>"properties" in file order, each with whether "required" lists it.</summary>
        public List<(string Key, SchemaNode Schema, bool Required)> Properties { get; } = new List<(string, SchemaNode, bool)>();

        /// <summary>Each key of "properties" and its place in <see cref="Properties"/>.</summary>
        public Dictionary<string, int> PropertyIndex { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Names "required" lists that "properties" does not.</summary>
        public string[] RequiredElsewhere { get; set; } = None;

        /// <summary>"patternProperties" in file order; a pattern that is "^" and plain characters is kept as that prefix, with no Regex.</summary>
        public List<(Regex? Pattern, string? Prefix, SchemaNode Schema)> PatternProperties { get; } = new List<(Regex?, string?, SchemaNode)>();

        /// <summary>"additionalProperties": false.</summary>
        public bool ForbidsAdditional { get; set; }

        /// <summary>"additionalProperties" as a schema.</summary>
        public SchemaNode? Additional { get; set; }

        public SchemaNode? Items { get; set; }

        public int MinItems { get; set; }

        /// <summary>"enum" as NJsonSchema compares it (each value's text), or null.</summary>
        public KeyTable? Enumeration { get; set; }

        /// <summary>The enum values as a message lists them ("ru, en"; booleans as true/false).</summary>
        public string Allowed { get; set; } = string.Empty;

        /// <summary>Whether any object keyword is set; worked out once the node is compiled, as every value judged asks.</summary>
        public bool HasObjectRules { get; private set; }

        /// <summary>The keys of <see cref="Properties"/>, each at its place there, for the walk's lookups.</summary>
        public KeyTable PropertyKeys { get; private set; } = new KeyTable(None);

        /// <summary><see cref="Properties"/> as three arrays, read by the walk for every object it judges.</summary>
        public string[] PropertyNames { get; private set; } = None;

        public SchemaNode[] PropertySchemas { get; private set; } = Array.Empty<SchemaNode>();

        public bool[] PropertyRequired { get; private set; } = Array.Empty<bool>();

        /// <summary>Called when the node's keywords are all read.</summary>
        public void Complete()
        {
            HasObjectRules = Properties.Count > 0 || RequiredElsewhere.Length > 0 || PatternProperties.Count > 0 || ForbidsAdditional || Additional != null;
            var keys = new string[Properties.Count];
            var schemas = new SchemaNode[Properties.Count];
            var required = new bool[Properties.Count];
            for (int i = 0; i < keys.Length; i++)
            {
                (keys[i], schemas[i], required[i]) = Properties[i];
            }

            PropertyKeys = new KeyTable(keys);
            PropertyNames = keys;
            PropertySchemas = schemas;
            PropertyRequired = required;
        }
    }

    /// <summary>
    /// The manifest's JSON Schema, compiled once from the shipped file into a tree of <see cref="SchemaNode"/> and
    /// judged over the module's own parsed document. Own code because no JSON Schema library in reach validates this
    /// tree: NJsonSchema (MIT) validates Newtonsoft JTokens only, and handing it a manifest means building a second
    /// tree of every document with a map back to its nodes, which with NJsonSchema's own per-call allocations is most
    /// of the cost of a check; Newtonsoft.Json.Schema needs JTokens too and is AGPL. So this understands exactly the
    /// keywords the file uses (type, properties, required, patternProperties, additionalProperties, items, minItems,
    /// enum, $ref into #/definitions, and the annotations title, description, default, enumDescriptions, $schema); any
    /// other keyword stops the compile, so a schema edit cannot go unchecked. It judges as NJsonSchema does, error for
    /// error and in the same order (a test holds it to NJsonSchema over the corpus and generated variations): an
    /// object's properties and required keys are judged even when the value is not an object, "enum" compares values by
    /// their text, and "integer" means a number written without a fraction or exponent.
    /// </summary>
    internal sealed class SchemaEvaluator
    {
        private static readonly HashSet<string> Annotations = new HashSet<string>(StringComparer.Ordinal)
        {
            "$schema", "title", "description", "default", "enumDescriptions",
        };

        [ThreadStatic]
        private static Walk? idleWalk;

        private readonly JsonObject definitions;
        private readonly Dictionary<string, SchemaNode> compiled = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);

        private SchemaEvaluator(JsonObject root)
        {
            definitions = root["definitions"] as JsonObject ?? new JsonObject();
            Root = Compile(root, "#", topLevel: true);
            foreach (JsonProperty definition in definitions.Properties)
            {
                Resolve("#/definitions/" + definition.Key);
            }
        }

        public SchemaNode Root { get; }

        /// <summary>Compiles a schema's text; NotSupportedException names a keyword or form this evaluator does not judge.</summary>
        public static SchemaEvaluator Compile(string schemaText)
        {
            // The editor's tree, not the checker's JsonIndex: the schema is read once per process and then compiled into
            // checks, so a reader made for many documents in a row buys nothing here, and the tree keeps no per-thread buffers.
            if (JsonDocument.Parse(schemaText).Root is not JsonObject root)
            {
                throw new NotSupportedException("The schema is not a JSON object.");
            }

            return new SchemaEvaluator(root);
        }

        /// <summary>
        /// The errors of a document, in NJsonSchema's order (per value: items, type, enum, properties, required,
        /// patternProperties, additionalProperties); null when there are none. With <paramref name="duplicateKeys"/>
        /// an object's repeated key counts once, at its first place, with its last value (as JSON readers take it).
        /// </summary>
        public List<SchemaError>? Evaluate(JsonRef root, bool duplicateKeys) => Evaluate(root, duplicateKeys, additionalProperties: true);

        /// <summary>
        /// The same; with <paramref name="additionalProperties"/> false the NoAdditionalPropertiesAllowed errors are
        /// left out (the validator reports unknown keys through AmoKeyUnknown, so building their pointers would be waste).
        /// </summary>
        public List<SchemaError>? Evaluate(JsonRef root, bool duplicateKeys, bool additionalProperties)
        {
            // A walk's scratch tables are reused by the next evaluation on this thread; the errors are handed over.
            Walk walk = idleWalk ?? new Walk();
            idleWalk = null;
            walk.Start(root.Index!, duplicateKeys, additionalProperties);
            walk.Judge(root.Id, Root, 0);
            List<SchemaError>? errors = walk.Errors;
            walk.Start(null, false, true);
            idleWalk = walk;
            return errors;
        }

        /// <summary>The text NJsonSchema compares enum values by (JToken.ToString() of the value), or null for a container.</summary>
        internal static string? EnumText(JsonNode node) => node switch
        {
            JsonValue { Value: string s } => s,
            JsonValue { Value: long l } => l.ToString(CultureInfo.InvariantCulture),
            JsonValue { Value: double d } => d.ToString("R", CultureInfo.InvariantCulture),
            JsonValue { Value: bool b } => b ? "True" : "False",
            JsonValue { Kind: JsonKind.Null } => string.Empty,
            _ => null,
        };

        /// <summary>The same for a value of a document read for checking.</summary>
        internal static string? EnumText(JsonRef node) => node.Kind switch
        {
            JsonKind.String => node.AsString(),
            JsonKind.Number => node.AsLong() is long l ? l.ToString(CultureInfo.InvariantCulture) : ((double)node.Value!).ToString("R", CultureInfo.InvariantCulture),
            JsonKind.Boolean => (bool)node.Value! ? "True" : "False",
            JsonKind.Null => string.Empty,
            _ => null,
        };

        private SchemaNode Resolve(string reference)
        {
            if (compiled.TryGetValue(reference, out SchemaNode? known))
            {
                return known;
            }

            const string Prefix = "#/definitions/";
            if (!reference.StartsWith(Prefix, StringComparison.Ordinal) || reference.IndexOf('/', Prefix.Length) >= 0
                || definitions[JsonPointer.Unescape(reference.Substring(Prefix.Length))] is not JsonObject target)
            {
                throw new NotSupportedException($"$ref \"{reference}\" does not name an entry of #/definitions.");
            }

            return Compile(target, reference, topLevel: false);
        }

        private SchemaNode Compile(JsonObject schema, string where, bool topLevel)
        {
            if (schema["$ref"] is JsonNode reference)
            {
                foreach (JsonProperty p in schema.Properties)
                {
                    if (p.Key != "$ref" && !Annotations.Contains(p.Key))
                    {
                        throw new NotSupportedException($"{where}: \"{p.Key}\" beside $ref is ignored by draft-07 validators; move it into the definition.");
                    }
                }

                return Resolve((reference as JsonValue)?.AsString() ?? throw new NotSupportedException($"{where}: $ref is not a string."));
            }

            var node = new SchemaNode();
            compiled[where] = node;
            var required = new List<string>();
            foreach (JsonProperty p in schema.Properties)
            {
                JsonNode value = p.Value;
                string at = where + "/" + JsonPointer.Escape(p.Key);
                switch (p.Key)
                {
                    case "type":
                        (node.Type, node.Integer) = TypeOf(value, at);
                        break;
                    case "required":
                        required.AddRange(Strings(value, at));
                        break;
                    case "properties":
                        foreach (JsonProperty property in Object(value, at).Properties)
                        {
                            if (!node.PropertyIndex.ContainsKey(property.Key))
                            {
                                node.PropertyIndex[property.Key] = node.Properties.Count;
                                node.Properties.Add((property.Key, Sub(property.Value, at + "/" + JsonPointer.Escape(property.Key)), false));
                            }
                        }

                        break;
                    case "patternProperties":
                        foreach (JsonProperty pattern in Object(value, at).Properties)
                        {
                            // A plain prefix is matched as one and no Regex is built (the schema's "^_"): building one, and the
                            // regex engine's first use, were a noticeable part of the first check in a fresh process.
                            string? prefix = LiteralPrefix(pattern.Key);
                            node.PatternProperties.Add((prefix == null ? new Regex(pattern.Key) : null, prefix, Sub(pattern.Value, at + "/" + JsonPointer.Escape(pattern.Key))));
                        }

                        break;
                    case "additionalProperties":
                        if (value is JsonValue { Value: bool allowed })
                        {
                            node.ForbidsAdditional = !allowed;
                        }
                        else
                        {
                            node.Additional = Sub(value, at);
                        }

                        break;
                    case "items":
                        node.Items = Sub(value, at);
                        break;
                    case "minItems":
                        node.MinItems = value is JsonValue { Value: long min } && min >= 0 && min <= int.MaxValue
                            ? (int)min
                            : throw new NotSupportedException($"{at}: minItems is not a count.");
                        break;
                    case "enum":
                        CompileEnum(node, value, at);
                        break;
                    case "definitions" when topLevel:
                        Object(value, at);
                        break;
                    default:
                        if (!Annotations.Contains(p.Key))
                        {
                            throw new NotSupportedException($"{at}: the keyword \"{p.Key}\" is not one this evaluator judges; teach SchemaEvaluator, or the schema check would ignore it.");
                        }

                        break;
                }
            }

            for (int i = 0; i < node.Properties.Count; i++)
            {
                (string key, SchemaNode sub, _) = node.Properties[i];
                node.Properties[i] = (key, sub, required.Contains(key));
            }

            node.RequiredElsewhere = required.Where(r => !node.PropertyIndex.ContainsKey(r)).Distinct().ToArray();
            node.Complete();
            return node;
        }

        /// <summary>
        /// The text a pattern such as "^_" asks a key to start with, when it is "^" followed by characters that mean
        /// themselves (letters, digits, '_' and '-'); null for any other pattern, which is matched as a regex. A
        /// prefix test gives the same answer as the regex and costs a fraction of it.
        /// </summary>
        private static string? LiteralPrefix(string pattern)
        {
            if (pattern.Length < 2 || pattern[0] != '^')
            {
                return null;
            }

            for (int i = 1; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                {
                    return null;
                }
            }

            return pattern.Substring(1);
        }

        private SchemaNode Sub(JsonNode value, string at) => Compile(Object(value, at), at, topLevel: false);

        private static void CompileEnum(SchemaNode node, JsonNode value, string at)
        {
            if (value is not JsonArray values || values.Count == 0)
            {
                throw new NotSupportedException($"{at}: enum is not a list of values.");
            }

            var enumeration = new List<string>();
            var shown = new List<string>();
            foreach (JsonNode item in values.Items)
            {
                if (item is not JsonValue scalar || scalar.Kind == JsonKind.Null)
                {
                    throw new NotSupportedException($"{at}: only strings, numbers and booleans are judged in an enum.");
                }

                enumeration.Add(EnumText(scalar)!);
                shown.Add(scalar.Value is bool b ? (b ? "true" : "false") : EnumText(scalar)!);
            }

            node.Enumeration = new KeyTable(enumeration);
            node.Allowed = string.Join(", ", shown);
        }

        private static (JsonKind? Type, bool Integer) TypeOf(JsonNode value, string at) => (value as JsonValue)?.AsString() switch
        {
            "object" => (JsonKind.Object, false),
            "array" => (JsonKind.Array, false),
            "string" => (JsonKind.String, false),
            "number" => (JsonKind.Number, false),
            "integer" => (JsonKind.Number, true),
            "boolean" => (JsonKind.Boolean, false),
            "null" => (JsonKind.Null, false),
            _ => throw new NotSupportedException($"{at}: only one type name is judged (a list of types is not)."),
        };

        private static JsonObject Object(JsonNode value, string at) =>
            value as JsonObject ?? throw new NotSupportedException($"{at}: an object was expected (boolean schemas are not judged).");

        private static IEnumerable<string> Strings(JsonNode value, string at) =>
            value is JsonArray list && list.Items.All(i => i is JsonValue { Value: string })
                ? list.Items.Select(i => ((JsonValue)i).AsString()!)
                : throw new NotSupportedException($"{at}: a list of names was expected.");

        /// <summary>One evaluation: the path to the value being judged (a pointer is built only for an error) and the errors so far.</summary>
        private sealed class Walk
        {
            private bool duplicateKeys;
            private bool additionalProperties;
            /// <summary>The keys (or, where the key is null, the array indexes) from the root to the value being judged.</summary>
            private readonly List<(string? Key, int Index)> path = new List<(string?, int)>();

            /// <summary>Per depth, the values of the schema's properties found in the object being judged there.</summary>
            /// <summary>(Entry numbers + 1, 0 for none: an int array needs no GC write barrier per store.)</summary>
            private readonly List<int[]> found = new List<int[]>();

            /// <summary>The document judged, and its entries (read directly: the walk visits every value).</summary>
            private JsonIndex? index;
            private JsonIndexEntry[] entries = Array.Empty<JsonIndexEntry>();

            public void Start(JsonIndex? index, bool duplicateKeys, bool additionalProperties)
            {
                this.index = index;
                entries = index?.Entries ?? Array.Empty<JsonIndexEntry>();
                this.duplicateKeys = duplicateKeys;
                this.additionalProperties = additionalProperties;
                Errors = null;
            }

            public List<SchemaError>? Errors { get; private set; }

            public void Judge(int id, SchemaNode schema, int depth)
            {
                JsonKind kind = entries[id].Kind;
                if (kind == JsonKind.Array)
                {
                    int count = entries[id].Count;
                    if (count < schema.MinItems)
                    {
                        Add(SchemaErrorKind.TooFewItems, id, schema, depth, null);
                    }

                    SchemaNode? items = schema.Items;
                    if (items != null)
                    {
                        for (int item = id + 1, i = 0; i < count; item = entries[item].Next, i++)
                        {
                            Enter(depth, null, i);
                            Judge(item, items, depth + 1);
                        }
                    }
                }

                JsonKind? type = schema.Type;
                bool nullable = type == JsonKind.Null;
                if (type.HasValue && !(kind == JsonKind.Null && nullable))
                {
                    JudgeType(id, kind, schema, type.GetValueOrDefault(), depth);
                }

                if (schema.Enumeration != null && !(kind == JsonKind.Null && nullable)
                    && (EnumText(new JsonRef(index!, id)) is not string text || !schema.Enumeration.Contains(text)))
                {
                    Add(SchemaErrorKind.NotInEnumeration, id, schema, depth, null);
                }

                if (schema.HasObjectRules && !(kind != JsonKind.Object && nullable))
                {
                    JudgeObject(id, kind == JsonKind.Object, schema, depth);
                }
            }

            private void JudgeType(int id, JsonKind kind, SchemaNode schema, JsonKind type, int depth)
            {
                bool fits = type == JsonKind.Number && schema.Integer ? index!.LongOf(id) != null : kind == type;
                if (!fits)
                {
                    SchemaErrorKind error = type switch
                    {
                        JsonKind.Array => SchemaErrorKind.ArrayExpected,
                        JsonKind.String => SchemaErrorKind.StringExpected,
                        JsonKind.Number => schema.Integer ? SchemaErrorKind.IntegerExpected : SchemaErrorKind.NumberExpected,
                        JsonKind.Boolean => SchemaErrorKind.BooleanExpected,
                        JsonKind.Null => SchemaErrorKind.NullExpected,
                        _ => SchemaErrorKind.ObjectExpected,
                    };
                    Add(error, id, schema, depth, null);
                }
            }

            private void JudgeObject(int id, bool isObject, SchemaNode schema, int depth)
            {
                JsonIndexEntry[] entries = this.entries;
                int count = isObject ? entries[id].Count : 0;

                // One pass over the object finds the value of each key "properties" names (the last of a repeated key,
                // as JSON readers take it) and whether any key is outside them; the errors then come in schema order.
                string[] names = schema.PropertyNames;
                int[] found = Found(depth, names.Length);
                bool others = false;
                KeyTable keys = schema.PropertyKeys;
                for (int member = id + 1, m = 0; m < count; member = entries[member].Next, m++)
                {
                    int k = keys.IndexOf(entries[member].Key!);
                    if (k >= 0)
                    {
                        found[k] = member + 1;
                    }
                    else
                    {
                        others = true;
                    }
                }

                SchemaNode[] schemas = schema.PropertySchemas;
                for (int k = 0; k < names.Length; k++)
                {
                    int value = found[k] - 1;
                    if (value >= 0)
                    {
                        found[k] = 0;
                        SchemaNode sub = schemas[k];
                        if (entries[value].Kind == JsonKind.Null && sub.Type == JsonKind.Null)
                        {
                            continue;
                        }

                        Enter(depth, names[k]);
                        Judge(value, sub, depth + 1);
                    }
                    else if (schema.PropertyRequired[k])
                    {
                        Add(SchemaErrorKind.PropertyRequired, id, schema, depth, names[k]);
                    }
                }

                foreach (string key in schema.RequiredElsewhere)
                {
                    if (!isObject || index!.Find(id, key) < 0)
                    {
                        Add(SchemaErrorKind.PropertyRequired, id, schema, depth, key);
                    }
                }

                if (!isObject || !others || (schema.PatternProperties.Count == 0 && !schema.ForbidsAdditional && schema.Additional == null))
                {
                    return;
                }

                // NJsonSchema judges the keys "properties" does not name in two passes: those a pattern matches, then the rest.
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int member = id + 1, m = 0; m < count; member = entries[member].Next, m++)
                    {
                        // With duplicateKeys, a repeated key counts once, at its first place, with its last value.
                        string key = entries[member].Key!;
                        if (keys.Contains(key) || (duplicateKeys && entries[member].Repeat))
                        {
                            continue;
                        }

                        SchemaNode? pattern = null;
                        foreach ((Regex? regex, string? prefix, SchemaNode sub) in schema.PatternProperties)
                        {
                            if (prefix != null ? key.StartsWith(prefix, StringComparison.Ordinal) : regex!.IsMatch(key))
                            {
                                pattern = sub;
                                break;
                            }
                        }

                        int value = duplicateKeys && entries[member].Shadowed ? index!.Find(id, key) : member;
                        if (pass == 0 && pattern != null)
                        {
                            Enter(depth, key);
                            Judge(value, pattern, depth + 1);
                        }
                        else if (pass == 1 && pattern == null)
                        {
                            if (schema.Additional != null)
                            {
                                Enter(depth, key);
                                Judge(value, schema.Additional, depth + 1);
                            }
                            else if (schema.ForbidsAdditional && additionalProperties)
                            {
                                Enter(depth, key);
                                Add(SchemaErrorKind.NoAdditionalPropertiesAllowed, value, schema, depth + 1, null);
                            }
                        }
                    }
                }
            }

            /// <summary>A cleared array of at least <paramref name="count"/> slots for the object judged at <paramref name="depth"/> (each depth keeps its own).</summary>
            private int[] Found(int depth, int count)
            {
                while (found.Count <= depth)
                {
                    found.Add(Array.Empty<int>());
                }

                if (found[depth].Length < count)
                {
                    found[depth] = new int[count];
                }

                return found[depth];
            }

            /// <summary>Sets the path segment at <paramref name="depth"/>: a key, or with a null key an array index.</summary>
            private void Enter(int depth, string? key, int index = 0)
            {
                (string?, int) segment = (key, index);
                if (path.Count > depth)
                {
                    path[depth] = segment;
                }
                else
                {
                    path.Add(segment);
                }
            }

            private void Add(SchemaErrorKind kind, int id, SchemaNode schema, int depth, string? missingKey)
            {
                var pointer = new System.Text.StringBuilder();
                for (int i = 0; i < depth; i++)
                {
                    (string? key, int index) = path[i];
                    pointer.Append('/');
                    if (key != null)
                    {
                        pointer.Append(JsonPointer.Escape(key));
                    }
                    else
                    {
                        pointer.Append(index.ToString(CultureInfo.InvariantCulture));
                    }
                }

                if (missingKey != null)
                {
                    pointer.Append('/').Append(JsonPointer.Escape(missingKey));
                }

                (Errors ??= new List<SchemaError>()).Add(new SchemaError(kind, pointer.ToString(), new JsonRef(index!, id), schema));
            }
        }
    }
}
