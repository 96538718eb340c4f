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
            Name = value;
            Info = AmoLocationCatalog.Find(value);
            if (Info != null)
            {
                return;
            }

            int dash = SuffixStart(value, out int suffix);
            if (dash > 0)
            {
                // The name before the suffix is looked up in place: cut only when it names no location.
                Info = AmoLocationCatalog.FindStart(value, dash);
                Name = Info?.Name ?? value.Substring(0, dash);
                Suffix = suffix;
            }
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

        /// <summary>Where a numeric suffix (one to three ASCII digits after the last '-') starts its '-', and its value; -1 without one.</summary>
        private static int SuffixStart(string value, out int suffix)
        {
            suffix = 0;
            int dash = value.LastIndexOf('-');
            if (dash <= 0 || dash == value.Length - 1 || value.Length - dash > 4)
            {
                return -1;
            }

            // ASCII digits only: another script's digit (which int.Parse refuses) makes the value an unknown name.
            for (int i = dash + 1; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    suffix = 0;
                    return -1;
                }

                suffix = (suffix * 10) + (value[i] - '0');
            }

            return dash;
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
        public List<LocationEntry> Locations => locations ??= ReadLocations();

        /// <summary>The string entries of <c>widget.locale</c> with their index.</summary>
        public IEnumerable<(int Index, string Value)> Locales =>
            Widget?["locale"] is JsonArray array
                ? array.Items.Select((n, i) => (i, (n as JsonValue)?.AsString())).Where(t => t.Item2 != null).Select(t => (t.i, t.Item2!))
                : Enumerable.Empty<(int, string)>();

        public bool HasLocation(string name)
        {
            foreach (LocationEntry l in Locations)
            {
                if (l.Info != null && l.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

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
            if (Root?["locations"] is not JsonArray array)
            {
                return new List<LocationEntry>();
            }

            var list = new List<LocationEntry>(array.Count);
            for (int i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue { Value: string value })
                {
                    list.Add(new LocationEntry(i, value));
                }
            }

            return list;
        }
    }
}
