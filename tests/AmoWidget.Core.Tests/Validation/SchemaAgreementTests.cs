using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The schema file and the C# rules never disagree: on every corpus manifest, what the shipped schema rejects
    /// (checked here straight from the file, without the validator) is exactly what the validator reports at the same
    /// pointers, and the schema's location list is the catalog's.
    /// </summary>
    public sealed class SchemaAgreementTests
    {
        private static readonly string SchemaFile = Path.Combine(Repo.Root, "src", "AmoWidget.Core", "Schema", "manifest.schema.json");

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

        [CorpusFact]
        public void OnEveryCorpusManifestTheSchemaAndTheRulesAgree()
        {
            JsonSchema schema = JsonSchema.FromJsonAsync(File.ReadAllText(SchemaFile)).GetAwaiter().GetResult();
            var disagreements = new List<string>();
            int compared = 0;
            foreach (string file in Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories))
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

                compared++;
                var rawValues = new SortedSet<string>(StringComparer.Ordinal);
                var rawOthers = new SortedSet<string>(StringComparer.Ordinal);
                foreach (ValidationError error in Leaves(schema.Validate(token)))
                {
                    string pointer = Pointer(error.Token!) + (error.Kind == ValidationErrorKind.PropertyRequired ? "/" + JsonPointer.Escape(error.Property!) : string.Empty);
                    bool valueList = error.Kind == ValidationErrorKind.NotInEnumeration && (IsItem(pointer, "/locations/") || IsItem(pointer, "/widget/locale/"));
                    (valueList ? rawValues : rawOthers).Add(pointer);
                }

                IReadOnlyList<AmoDiagnostic> findings = AmoValidator.ValidateManifest(File.ReadAllBytes(file), file);
                var ruleValues = new SortedSet<string>(findings.Where(d => ValueRules.Contains(d.RuleName)).Select(d => d.Path!), StringComparer.Ordinal);
                var ruleOthers = new SortedSet<string>(findings.Where(d => SchemaRules.Contains(d.RuleName)).Select(d => d.Path!), StringComparer.Ordinal);
                if (!rawValues.SetEquals(ruleValues))
                {
                    disagreements.Add($"{file}: schema rejects values at [{string.Join(", ", rawValues)}], rules at [{string.Join(", ", ruleValues)}]");
                }

                if (!rawOthers.SetEquals(ruleOthers))
                {
                    disagreements.Add($"{file}: schema errors at [{string.Join(", ", rawOthers)}], schema rules at [{string.Join(", ", ruleOthers)}]");
                }
            }

            Assert.True(compared > 50, $"only {compared} corpus manifests compared");
            Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
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
