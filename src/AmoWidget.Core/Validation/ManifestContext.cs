using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>One entry of <c>locations</c>, split into its catalog name and suffix.</summary>
    internal sealed class LocationEntry
    {
        public LocationEntry(int index, string value)
        {
            Index = index;
            Value = value;
            (string name, int? suffix) = SplitAnySuffix(value);
            Info = AmoLocationCatalog.Find(value);
            if (Info == null && suffix != null)
            {
                Info = AmoLocationCatalog.Find(name);
            }

            Name = Info != null && Info.Name == value ? value : name;
            Suffix = Info != null && Info.Name == value ? null : suffix;
        }

        public int Index { get; }

        public string Value { get; }

        /// <summary>The value without its numeric suffix.</summary>
        public string Name { get; }

        /// <summary>The numeric suffix (-0, -1, and also -2... so that a wrong one can be reported), or null.</summary>
        public int? Suffix { get; }

        /// <summary>The catalog entry of <see cref="Name"/>, on any platform; null for an unknown name.</summary>
        public AmoLocationInfo? Info { get; }

        public string Pointer => "/locations/" + Index;

        private static (string Name, int? Suffix) SplitAnySuffix(string value)
        {
            int dash = value.LastIndexOf('-');
            if (dash <= 0 || dash == value.Length - 1 || value.Length - dash > 4)
            {
                return (value, null);
            }

            // ASCII digits only: another script's digit (which int.Parse refuses) makes the value an unknown name.
            int suffix = 0;
            for (int i = dash + 1; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return (value, null);
                }

                suffix = (suffix * 10) + (value[i] - '0');
            }

            return (value.Substring(0, dash), suffix);
        }
    }

    /// <summary>A parsed manifest under validation, with the parts most rules look at.</summary>
    internal sealed class ManifestContext
    {
        private List<LocationEntry>? locations;

        public ManifestContext(ValidationRun run, string file, JsonDocument document)
        {
            Run = run;
            File = file;
            Document = document;
        }

        public ValidationRun Run { get; }

        public string File { get; }

        public JsonDocument Document { get; }

        public JsonObject? Root => Document.Root as JsonObject;

        public JsonObject? Widget => Root?["widget"] as JsonObject;

        /// <summary>The string entries of <c>locations</c> (other types are the schema's to report).</summary>
        public IReadOnlyList<LocationEntry> Locations => locations ??= ReadLocations();

        /// <summary>The string entries of <c>widget.locale</c> with their index.</summary>
        public IEnumerable<(int Index, string Value)> Locales =>
            Widget?["locale"] is JsonArray array
                ? array.Items.Select((n, i) => (i, (n as JsonValue)?.AsString())).Where(t => t.Item2 != null).Select(t => (t.i, t.Item2!))
                : Enumerable.Empty<(int, string)>();

        public bool HasLocation(string name) => Locations.Any(l => l.Info != null && l.Name == name);

        public JsonObject? Block(string key) => Root?[key] as JsonObject;

        public string? StringAt(string pointer) => (Document.Resolve(pointer) as JsonValue)?.AsString();

        /// <summary>The string at a path of keys from the root, or null.</summary>
        public string? StringAt(string[] keys)
        {
            JsonNode? node = Root;
            foreach (string key in keys)
            {
                node = (node as JsonObject)?[key];
            }

            return (node as JsonValue)?.AsString();
        }

        public void At(string rule, string pointer, string message, string? suggestion = null, AmoSeverity? severity = null) =>
            Run.At(rule, File, Document, pointer, message, suggestion, severity);

        private List<LocationEntry> ReadLocations()
        {
            var list = new List<LocationEntry>();
            if (Root?["locations"] is JsonArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue { Value: string value })
                    {
                        list.Add(new LocationEntry(i, value));
                    }
                }
            }

            return list;
        }
    }
}
