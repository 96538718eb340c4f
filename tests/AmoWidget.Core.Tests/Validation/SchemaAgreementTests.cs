using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
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
    /// is exactly what the validator reports at the same pointers; the module's own schema evaluator makes NJsonSchema's
    /// errors, one for one and in order; and the schema's location list is the catalog's.
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
            foreach ((string name, string text) in Documents())
            {
                compared++;
                JToken token = JToken.Parse(text);
                var rawValues = new SortedSet<string>(StringComparer.Ordinal);
                var rawOthers = new SortedSet<string>(StringComparer.Ordinal);
                foreach (ValidationError error in Leaves(Oracle.Value.Validate(token)))
                {
                    if (error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed)
                    {
                        continue;
                    }

                    string pointer = Pointer(error.Token!) + (error.Kind == ValidationErrorKind.PropertyRequired ? "/" + JsonPointer.Escape(error.Property!) : string.Empty);
                    bool valueList = error.Kind == ValidationErrorKind.NotInEnumeration && (IsItem(pointer, "/locations/") || IsItem(pointer, "/widget/locale/"));
                    if (!valueList)
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
                if (!rawValues.SetEquals(ruleValues))
                {
                    disagreements.Add($"{name}: schema rejects values at [{string.Join(", ", rawValues)}], rules at [{string.Join(", ", ruleValues)}]");
                }

                if (!rawOthers.SetEquals(ruleOthers))
                {
                    disagreements.Add($"{name}: schema errors at [{string.Join(", ", rawOthers)}], schema rules at [{string.Join(", ", ruleOthers)}]");
                }
            }

            Assert.True(compared > Variations + 50, $"only {compared} manifests compared");
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
                AmoWidget.Json.JsonDocument document = AmoWidget.Json.JsonDocument.Parse(text);
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
