using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
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

        /// <summary>Per top-level key <see cref="AmoBlockCatalog.Root"/> documents, its member's entry + 1 (0: absent); read in one pass when first asked for.</summary>
        private int[]? blocks;

        public ManifestContext(ValidationRun run, string file, JsonIndex json)
        {
            Run = run;
            File = file;
            Json = json;
        }

        public ValidationRun Run { get; }

        public string File { get; }

        /// <summary>The manifest as read for checking (<see cref="JsonIndex"/>: no node tree is built).</summary>
        public JsonIndex Json { get; }

        /// <summary>The root value (the rules check that it is an object).</summary>
        public JsonRef Root => Json.Root;

        /// <summary><c>widget</c>; nothing when the root is not an object or has none.</summary>
        public JsonRef Widget => Block("widget");

        /// <summary>True when the manifest has repeated keys (each rule then judges the member readers keep, the last).</summary>
        public bool HasRepeatedKeys => Json.DuplicateKeys.Count > 0;

        /// <summary>The string entries of <c>locations</c> (other types are the schema's to report).</summary>
        public List<LocationEntry> Locations => locations ??= ReadLocations();

        /// <summary>The string entries of <c>widget.locale</c> with their index.</summary>
        public List<(int Index, string Value)> Locales
        {
            get
            {
                var list = new List<(int, string)>();
                int index = 0;
                foreach (JsonRef item in Widget["locale"].AsArray)
                {
                    if (item.AsString() is string value)
                    {
                        list.Add((index, value));
                    }

                    index++;
                }

                return list;
            }
        }

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

        /// <summary>
        /// A top-level member (the last of a repeated key); nothing when it is missing (check <see cref="JsonRef.IsObject"/>).
        /// The documented keys come from a table made in one pass over the top level, as every rule asks for some of them.
        /// </summary>
        public JsonRef Block(string key)
        {
            int k = AmoBlockCatalog.Root.DocumentedIndex(key);
            if (k < 0)
            {
                return Json.Root[key];
            }

            int[] table = blocks ??= ReadBlocks();
            return table[k] == 0 ? default : new JsonRef(Json, table[k] - 1);
        }

        private int[] ReadBlocks()
        {
            var table = new int[AmoBlockCatalog.Root.Documented.Count];
            foreach (JsonRef member in Json.Root.AsObject)
            {
                int k = AmoBlockCatalog.Root.DocumentedIndex(member.Key!);
                if (k >= 0)
                {
                    table[k] = member.Id + 1;
                }
            }

            return table;
        }

        public string? StringAt(string pointer) => Json.Resolve(pointer) is int id and >= 0 ? new JsonRef(Json, id).AsString() : null;

        /// <summary>The string at a path of keys from the root, or null.</summary>
        public string? StringAt(string[] keys)
        {
            JsonRef node = Block(keys[0]);
            for (int i = 1; i < keys.Length; i++)
            {
                node = node[keys[i]];
            }

            return node.AsString();
        }

        public void At(string rule, string pointer, string message, string? suggestion = null, AmoSeverity? severity = null) =>
            Run.At(rule, File, Json, pointer, message, suggestion, severity);

        private List<LocationEntry> ReadLocations()
        {
            JsonRef array = Block("locations");
            if (!array.IsArray)
            {
                return new List<LocationEntry>();
            }

            var list = new List<LocationEntry>(array.Count);
            int i = 0;
            foreach (JsonRef item in array)
            {
                if (item.AsString() is string value)
                {
                    list.Add(new LocationEntry(i, value));
                }

                i++;
            }

            return list;
        }
    }
}
