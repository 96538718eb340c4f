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
    /// pointers, unknown keys included (AmoKeyUnknown), and the schema's location list and keys are the rules' own.
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

        /// <summary>Each object of the schema takes exactly the keys AmoKeyUnknown knows for it, documented and tolerated, and nothing else.</summary>
        [Fact]
        public void TheSchemaListsExactlyTheKeysOfEveryPlace()
        {
            JObject schema = JObject.Parse(File.ReadAllText(SchemaFile));
            JToken definitions = schema["definitions"]!;
            JToken item = definitions["leftMenu"]!["additionalProperties"]!;
            var places = new (JToken Schema, AmoWidget.Validation.KeyPlace Place)[]
            {
                (schema, AmoWidget.Validation.ManifestKeys.Root),
                (definitions["widget"]!, AmoWidget.Validation.ManifestKeys.Widget),
                (definitions["widget"]!["properties"]!["support"]!, AmoWidget.Validation.ManifestKeys.Support),
                (definitions["settingField"]!, AmoWidget.Validation.ManifestKeys.SettingField),
                (definitions["settingField"]!, AmoWidget.Validation.ManifestKeys.DpSettingField),
                (definitions["dp"]!, AmoWidget.Validation.ManifestKeys.Dp),
                (definitions["advanced"]!, AmoWidget.Validation.ManifestKeys.Advanced),
                (definitions["salesbotHandler"]!, AmoWidget.Validation.ManifestKeys.SalesbotHandler),
                (definitions["salesbotField"]!, AmoWidget.Validation.ManifestKeys.SalesbotField),
                (definitions["sms"]!, AmoWidget.Validation.ManifestKeys.Sms),
                (definitions["mobile"]!, AmoWidget.Validation.ManifestKeys.Mobile),
                (definitions["amoforms"]!, AmoWidget.Validation.ManifestKeys.Forms),
                (item, AmoWidget.Validation.ManifestKeys.LeftMenuItem),
                (item["properties"]!["icons"]!, AmoWidget.Validation.ManifestKeys.LeftMenuIcons),
                (item["properties"]!["sort"]!, AmoWidget.Validation.ManifestKeys.LeftMenuSort),
                (item["properties"]!["submenu"]!["additionalProperties"]!, AmoWidget.Validation.ManifestKeys.SubmenuItem),
                (definitions["tour"]!, AmoWidget.Validation.ManifestKeys.Tour),
            };
            Assert.Equal(AmoWidget.Validation.ManifestKeys.Places.Count, places.Length);
            foreach ((JToken node, AmoWidget.Validation.KeyPlace place) in places)
            {
                string[] listed = ((JObject)node["properties"]!).Properties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                string[] known = place.Documented.Concat(place.Tolerated).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                Assert.True(known.SequenceEqual(listed), $"{place.Name}: the schema lists [{string.Join(", ", listed)}], the rule knows [{string.Join(", ", known)}]");
                Assert.False((bool)node["additionalProperties"]!, place.Name);
                Assert.NotNull(node["patternProperties"]?["^_"]);
            }
        }

        [CorpusFact]
        public void OnEveryCorpusManifestTheSchemaAndTheRulesAgree()
        {
            JsonSchema schema = JsonSchema.FromJsonAsync(File.ReadAllText(SchemaFile)).GetAwaiter().GetResult();
            var disagreements = new List<string>();
            int compared = 0;
            int keysCompared = 0;
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
                var rawKeys = new SortedSet<string>(StringComparer.Ordinal);
                foreach (ValidationError error in Leaves(schema.Validate(token)))
                {
                    bool keyed = error.Kind == ValidationErrorKind.PropertyRequired || error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed;
                    string pointer = Pointer(error.Token!) + (keyed ? "/" + JsonPointer.Escape(error.Property!) : string.Empty);
                    bool valueList = error.Kind == ValidationErrorKind.NotInEnumeration && (IsItem(pointer, "/locations/") || IsItem(pointer, "/widget/locale/"));
                    (error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed ? rawKeys : valueList ? rawValues : rawOthers).Add(pointer);
                }

                IReadOnlyList<AmoDiagnostic> findings = AmoValidator.ValidateManifest(File.ReadAllBytes(file), file);
                var ruleValues = new SortedSet<string>(findings.Where(d => ValueRules.Contains(d.RuleName)).Select(d => d.Path!), StringComparer.Ordinal);
                var ruleOthers = new SortedSet<string>(findings.Where(d => SchemaRules.Contains(d.RuleName)).Select(d => d.Path!), StringComparer.Ordinal);
                var ruleKeys = new SortedSet<string>(findings.Where(d => d.RuleName == "AmoKeyUnknown").Select(d => d.Path!), StringComparer.Ordinal);
                if (!rawValues.SetEquals(ruleValues))
                {
                    disagreements.Add($"{file}: schema rejects values at [{string.Join(", ", rawValues)}], rules at [{string.Join(", ", ruleValues)}]");
                }

                if (!rawKeys.SetEquals(ruleKeys))
                {
                    disagreements.Add($"{file}: schema rejects keys at [{string.Join(", ", rawKeys)}], AmoKeyUnknown at [{string.Join(", ", ruleKeys)}]");
                }

                keysCompared += ruleKeys.Count;

                if (!rawOthers.SetEquals(ruleOthers))
                {
                    disagreements.Add($"{file}: schema errors at [{string.Join(", ", rawOthers)}], schema rules at [{string.Join(", ", ruleOthers)}]");
                }
            }

            Assert.True(compared > 50, $"only {compared} corpus manifests compared");
            Assert.True(keysCompared > 0, "no corpus manifest has an unknown key, so the key lists were not compared");
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
