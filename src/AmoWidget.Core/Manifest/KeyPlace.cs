using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>
    /// One kind of object of a manifest and the keys it takes: the keys the amoCRM and Kommo pages document there, the
    /// undocumented keys real widgets carry there, which of its keys hold an i18n key or an address, and the places
    /// reached from it (dp reaches dp.settings.&lt;field&gt;). <see cref="AmoBlockCatalog"/> holds one tree of them per block.
    /// </summary>
    internal sealed class KeyPlace
    {
        /// <summary>A route step that stands for every member object, whatever its key (a field, a handler, a menu item).</summary>
        public const string AnyMember = "*";

        private readonly Lazy<EditPattern[]> patterns;
        private readonly KeyTable documented;
        private readonly KeyTable tolerated;

        /// <summary>
        /// For each tolerated key (by its place in <see cref="Tolerated"/>), the documented key it is a near-miss of, or
        /// null: both lists are fixed, so this is worked out once, when a manifest first has a tolerated key.
        /// </summary>
        private readonly Lazy<string?[]> toleratedNearMiss;

        public KeyPlace(string name, string home, string[] documented, string[]? tolerated = null)
        {
            Name = name;
            Home = home;
            Documented = documented;
            Tolerated = tolerated ?? Array.Empty<string>();
            this.documented = new KeyTable(documented);
            this.tolerated = new KeyTable(Tolerated);
            NormalizedDocumented = documented.Select(AmoLocationCatalog.Normalize).ToArray();
            patterns = new Lazy<EditPattern[]>(() => NormalizedDocumented.Select(n => new EditPattern(n)).ToArray());
            toleratedNearMiss = new Lazy<string?[]>(() => Tolerated.Select(NearMiss).ToArray());
        }

        /// <summary>How a message names the place: "the top level", "widget", "a settings field"...</summary>
        public string Name { get; }

        /// <summary>The dotted path a key of this place is written at, &lt;...&gt; for a key chosen by the author: dp, settings.&lt;field&gt;, left_menu.&lt;item&gt;.</summary>
        public string Home { get; }

        /// <summary>Whether every object of this place sits at one fixed path (widget.support), not under a key the author chose (settings.&lt;field&gt;).</summary>
        public bool IsFixed => Home.IndexOf('<') < 0;

        /// <summary>The keys the amoCRM / Kommo pages document here.</summary>
        public IReadOnlyList<string> Documented { get; }

        /// <summary>
        /// Undocumented keys that accepted real widgets carry here: harmless to amoCRM, so never reported unless they
        /// are a near-miss of a documented key that is absent.
        /// </summary>
        public IReadOnlyList<string> Tolerated { get; }

        /// <summary>The keys whose value names an i18n key (widget.name → i18n/&lt;lang&gt;.json), in the order they are looked up.</summary>
        public IReadOnlyList<string> I18nKeys { get; init; } = Array.Empty<string>();

        /// <summary>The keys whose value is an i18n key when its first part is a section of a language file, and plain text otherwise.</summary>
        public IReadOnlyList<string> I18nOrTextKeys { get; init; } = Array.Empty<string>();

        /// <summary>The keys whose value is an address the platform calls or shows (a URL or an e-mail).</summary>
        public IReadOnlyList<string> AddressKeys { get; init; } = Array.Empty<string>();

        /// <summary>The places inside an object of this one, in the order they are visited.</summary>
        public IReadOnlyList<KeyPlace> Children { get; init; } = Array.Empty<KeyPlace>();

        /// <summary>
        /// The way from the parent object to an object of this place: keys, or <see cref="AnyMember"/> for every member
        /// object (for a block's own place, empty: it is the block itself).
        /// </summary>
        public IReadOnlyList<string> Route { get; init; } = Array.Empty<string>();

        /// <summary>Member keys a <see cref="AnyMember"/> step passes over, because they are not objects of this place (salesbot_designer.logo).</summary>
        public IReadOnlyList<string> NotMembers { get; init; } = Array.Empty<string>();

        public string Path(string key) => Home.Length == 0 ? key : Home + "." + key;

        public bool Documents(string key) => documented.Contains(key);

        /// <summary>The place of <paramref name="key"/> in <see cref="Documented"/>, or -1.</summary>
        public int DocumentedIndex(string key) => documented.IndexOf(key);

        public bool Tolerates(string key) => tolerated.Contains(key);

        /// <summary><see cref="Documented"/> as <see cref="NearMiss"/> compares them (lower case, letters and digits).</summary>
        internal string[] NormalizedDocumented { get; }

        /// <summary><see cref="NormalizedDocumented"/> prepared for the distance, when the first undocumented key needs them.</summary>
        internal EditPattern[] DocumentedPatterns => patterns.Value;

        /// <summary>This place and every place below it, depth first.</summary>
        public IEnumerable<KeyPlace> SelfAndDescendants()
        {
            yield return this;
            foreach (KeyPlace child in Children)
            {
                foreach (KeyPlace place in child.SelfAndDescendants())
                {
                    yield return place;
                }
            }
        }

        /// <summary>The documented key an undocumented key is a near-miss of, or null.</summary>
        public string? NearMissOf(string key) =>
            tolerated.IndexOf(key) is int t && t >= 0 ? toleratedNearMiss.Value[t] : NearMiss(key);

        /// <summary>The documented key a key is a near-miss of: the same letters in another case or with other separators, or a typo or two away.</summary>
        internal string? NearMiss(string key)
        {
            Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
            ReadOnlySpan<char> probe = AmoLocationCatalog.Normalize(key, buffer);
            string? best = null;
            int bestDistance = int.MaxValue;
            string[] normals = NormalizedDocumented;
            for (int k = 0; k < normals.Length; k++)
            {
                string normal = normals[k];
                int shorter = Math.Min(probe.Length, normal.Length);
                int allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;

                // The distance is at least the difference in length: a candidate further apart than allowed is not near.
                if (Math.Abs(probe.Length - normal.Length) > allowed)
                {
                    continue;
                }

                int distance = probe.SequenceEqual(normal.AsSpan()) ? 0 : DocumentedPatterns[k].Distance(probe, Math.Min(allowed, bestDistance - 1));
                if (distance <= allowed && distance < bestDistance)
                {
                    best = Documented[k];
                    bestDistance = distance;
                }
            }

            return best;
        }
    }
}
