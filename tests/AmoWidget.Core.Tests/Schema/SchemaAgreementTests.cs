using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using AmoWidget.Schema;
using AmoWidget.Validation;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The schema file and the C# rules never disagree: on every corpus manifest and on generated variations of them,
    /// what the shipped schema rejects (judged here straight from the file by NJsonSchema, an independent validator)
    /// is exactly what the validator reports at the same pointers, unknown keys included (AmoKeyUnknown); the module's
    /// own schema evaluator makes NJsonSchema's errors, one for one and in order; and the schema's location list and
    /// keys are the rules' own.
    /// </summary>
    public sealed class SchemaAgreementTests
    {
        /// <summary>How many generated variations each agreement test judges (a fixed seed: the same ones every run).</summary>
        private const int Variations = 3000;

        private static readonly string SchemaFile = Path.Combine(Repo.Root, "src", "AmoWidget.Core", "Schema", "manifest.schema.json");

        private static readonly Lazy<JsonSchema> Oracle = new Lazy<JsonSchema>(() => JsonSchema.FromJsonAsync(File.ReadAllText(SchemaFile)).GetAwaiter().GetResult());

        private static readonly string[] SchemaRules = { "AmoFieldRequired", "AmoFieldType", "AmoInterfaceVersion", "AmoSettingType", "AmoDpActionMultipleMissing" };

        private static readonly string[] ValueRules = { "AmoLocationUnknown", "AmoLocationSuffixNotAllowed", "AmoLocaleUnknown" };

        [Fact]
        public void TheEmbeddedSchemaIsTheShippedFile() => Assert.Equal(File.ReadAllText(SchemaFile), AmoValidator.ManifestSchemaText);

        [Fact]
        public void TheSchemaListsExactlyTheCatalogsLocations()
        {
            JObject schema = JObject.Parse(File.ReadAllText(SchemaFile));
            string[] listed = schema["definitions"]!["location"]!["enum"]!.Select(v => (string)v!).OrderBy(v => v, StringComparer.Ordinal).ToArray();
            string[] catalog = AmoLocationCatalog.All
                .SelectMany(l => l.TakesSuffix ? new[] { l.Name, l.Name + "-0", l.Name + "-1" } : new[] { l.Name })
                .OrderBy(v => v, StringComparer.Ordinal).ToArray();
            Assert.Equal(catalog, listed);
            Assert.Equal(listed.Length, schema["definitions"]!["location"]!["enumDescriptions"]!.Count());
        }

        /// <summary>Each object of the schema takes exactly the keys AmoKeyUnknown knows for it, documented and tolerated, and nothing else.</summary>
        [Fact]
        public void TheSchemaListsExactlyTheKeysOfEveryPlace()
        {
            JObject schema = JObject.Parse(File.ReadAllText(SchemaFile));
            JToken definitions = schema["definitions"]!;
            JToken item = definitions["leftMenu"]!["additionalProperties"]!;
            var schemaOf = new Dictionary<string, JToken>(StringComparer.Ordinal)
            {
                [string.Empty] = schema,
                ["widget"] = definitions["widget"]!,
                ["widget.support"] = definitions["widget"]!["properties"]!["support"]!,
                ["settings.<field>"] = definitions["settingField"]!,
                ["dp.settings.<field>"] = definitions["settingField"]!,
                ["dp"] = definitions["dp"]!,
                ["advanced"] = definitions["advanced"]!,
                ["salesbot_designer.<handler>"] = definitions["salesbotHandler"]!,
                ["salesbot_designer.<handler>.settings.<field>"] = definitions["salesbotField"]!,
                ["sms"] = definitions["sms"]!,
                ["mobile"] = definitions["mobile"]!,
                ["amoforms_settings"] = definitions["amoforms"]!,
                ["left_menu.<item>"] = item,
                ["left_menu.<item>.icons"] = item["properties"]!["icons"]!,
                ["left_menu.<item>.sort"] = item["properties"]!["sort"]!,
                ["left_menu.<item>.submenu.<sub>"] = item["properties"]!["submenu"]!["additionalProperties"]!,
                ["tour"] = definitions["tour"]!,
            };
            Assert.Equal(schemaOf.Count, AmoBlockCatalog.Places.Count);
            var places = AmoBlockCatalog.Places.Select(p => (Schema: schemaOf[p.Home], Place: p)).ToArray();
            foreach ((JToken node, KeyPlace place) in places)
            {
                string[] listed = ((JObject)node["properties"]!).Properties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                string[] known = place.Documented.Concat(place.Tolerated).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                Assert.True(known.SequenceEqual(listed), $"{place.Name}: the schema lists [{string.Join(", ", listed)}], the rule knows [{string.Join(", ", known)}]");
                Assert.False((bool)node["additionalProperties"]!, place.Name);
                Assert.NotNull(node["patternProperties"]?["^_"]);
            }
        }

        [Fact]
        public void TheShippedSchemaCompilesAndAnUnjudgedKeywordStopsTheCompile()
        {
            SchemaNode root = SchemaEvaluator.Compile(File.ReadAllText(SchemaFile)).Root;
            Assert.Contains(root.Properties, p => p.Key == "widget" && p.Required);
            var unjudged = Assert.Throws<NotSupportedException>(() => SchemaEvaluator.Compile("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"maxLength\": 3}}}"));
            Assert.Contains("maxLength", unjudged.Message);
            Assert.Throws<NotSupportedException>(() => SchemaEvaluator.Compile("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/missing\"}}}"));
            Assert.Throws<NotSupportedException>(() => SchemaEvaluator.Compile("{\"type\": [\"string\", \"null\"]}"));
        }

        [CorpusFact]
        public void OnEveryCorpusManifestAndVariationTheSchemaAndTheRulesAgree()
        {
            var disagreements = new List<string>();
            int compared = 0;
            int keysCompared = 0;
            foreach ((string name, string text) in Documents())
            {
                compared++;
                JToken token = JToken.Parse(text);
                var rawValues = new SortedSet<string>(StringComparer.Ordinal);
                var rawOthers = new SortedSet<string>(StringComparer.Ordinal);
                var rawKeys = new SortedSet<string>(StringComparer.Ordinal);
                foreach (ValidationError error in Leaves(Oracle.Value.Validate(token)))
                {
                    bool keyed = error.Kind == ValidationErrorKind.PropertyRequired || error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed;
                    string pointer = Pointer(error.Token!) + (keyed ? "/" + JsonPointer.Escape(error.Property!) : string.Empty);
                    bool valueList = error.Kind == ValidationErrorKind.NotInEnumeration && (IsItem(pointer, "/locations/") || IsItem(pointer, "/widget/locale/"));
                    if (error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed)
                    {
                        rawKeys.Add(pointer);
                    }
                    else if (!valueList)
                    {
                        rawOthers.Add(pointer);
                    }
                    else if (error.Token!.Type == JTokenType.String)
                    {
                        // The value rules judge the strings of the list; another type is the schema's AmoFieldType.
                        rawValues.Add(pointer);
                    }
                }

                IReadOnlyList<AmoDiagnostic> findings = AmoValidator.ValidateManifest(Encoding.UTF8.GetBytes(text), "manifest.json");
                var ruleValues = new SortedSet<string>(findings.Where(d => ValueRules.Contains(d.RuleName) && d.Path != null).Select(d => d.Path!), StringComparer.Ordinal);
                var ruleOthers = new SortedSet<string>(findings.Where(d => SchemaRules.Contains(d.RuleName)).Select(d => d.Path!), StringComparer.Ordinal);
                var ruleKeys = new SortedSet<string>(findings.Where(d => d.RuleName == "AmoKeyUnknown").Select(d => d.Path!), StringComparer.Ordinal);
                if (!rawValues.SetEquals(ruleValues))
                {
                    disagreements.Add($"{name}: schema rejects values at [{string.Join(", ", rawValues)}], rules at [{string.Join(", ", ruleValues)}]");
                }

                if (!rawKeys.SetEquals(ruleKeys))
                {
                    disagreements.Add($"{name}: schema rejects keys at [{string.Join(", ", rawKeys)}], AmoKeyUnknown at [{string.Join(", ", ruleKeys)}]");
                }

                keysCompared += ruleKeys.Count;

                if (!rawOthers.SetEquals(ruleOthers))
                {
                    disagreements.Add($"{name}: schema errors at [{string.Join(", ", rawOthers)}], schema rules at [{string.Join(", ", ruleOthers)}]");
                }
            }

            Assert.True(compared > Variations + 50, $"only {compared} manifests compared");
            Assert.True(keysCompared > 0, "no manifest has an unknown key, so the key lists were not compared");
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} disagree:\n" + string.Join("\n", disagreements.Take(20)));
        }

        [CorpusFact]
        public void OnEveryCorpusManifestAndVariationTheEvaluatorMakesNJsonSchemasErrorsInOrder()
        {
            SchemaEvaluator evaluator = SchemaEvaluator.Compile(File.ReadAllText(SchemaFile));
            var disagreements = new List<string>();
            int compared = 0;
            int withErrors = 0;
            foreach ((string name, string text) in Documents())
            {
                compared++;
                string[] expected = Leaves(Oracle.Value.Validate(JToken.Parse(text)))
                    .Select(e => e.Kind + " " + (e.Token is JProperty p ? Pointer(p.Value) : Pointer(e.Token!) + (e.Kind == ValidationErrorKind.PropertyRequired ? "/" + JsonPointer.Escape(e.Property!) : string.Empty)))
                    .ToArray();
                AmoWidget.Json.JsonIndex document = AmoWidget.Json.JsonIndex.Parse(text);
                string[] actual = (evaluator.Evaluate(document.Root, document.DuplicateKeys.Count > 0) ?? new List<SchemaError>())
                    .Select(e => e.Kind + " " + e.Pointer)
                    .ToArray();
                withErrors += expected.Length > 0 ? 1 : 0;
                if (!expected.SequenceEqual(actual))
                {
                    disagreements.Add($"{name}:\n  NJsonSchema [{string.Join(", ", expected)}]\n  evaluator   [{string.Join(", ", actual)}]");
                }
            }

            Assert.True(withErrors > Variations / 3, $"only {withErrors} of {compared} documents have schema errors: the variations do not reach the schema");
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} disagree:\n" + string.Join("\n", disagreements.Take(20)));
        }

        /// <summary>Every corpus manifest that is JSON, then the generated variations of them.</summary>
        private static IEnumerable<(string Name, string Text)> Documents()
        {
            var corpus = new List<(string Name, JToken Token)>();
            foreach (string file in Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(file, new UTF8Encoding(false)).TrimStart('\uFEFF');
                JToken token;
                try
                {
                    token = JToken.Parse(text);
                }
                catch (Newtonsoft.Json.JsonReaderException)
                {
                    continue;
                }

                corpus.Add((file, token));
                yield return (file, text);
            }

            foreach ((string Name, string Text) variation in SchemaVariations.Of(corpus, Variations))
            {
                yield return variation;
            }
        }

        private static bool IsItem(string pointer, string prefix) => pointer.StartsWith(prefix, StringComparison.Ordinal) && pointer.IndexOf('/', prefix.Length) < 0;

        private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors) =>
            errors.SelectMany(e => e switch
            {
                ChildSchemaValidationError c => Leaves(c.Errors.Values.SelectMany(v => v)),
                MultiTypeValidationError m => Leaves(m.Errors.Values.SelectMany(v => v)),
                _ => new[] { e },
            });

        private static string Pointer(JToken token)
        {
            var parts = new List<string>();
            for (JToken? t = token; t?.Parent != null; t = t.Parent)
            {
                switch (t.Parent)
                {
                    case JProperty property:
                        parts.Add(JsonPointer.Escape(property.Name));
                        t = property;
                        break;
                    case JArray array:
                        parts.Add(array.IndexOf(t).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            parts.Reverse();
            return parts.Count == 0 ? string.Empty : "/" + string.Join("/", parts);
        }
    }
}
