using System;
using System.Collections.Generic;

namespace AmoWidget
{
    /// <summary>One location: a catalog entry, or an entry of a manifest's "locations" array.</summary>
    public sealed class AmoLocation
    {
        internal AmoLocation(string name, string? value, bool? rightColumn, AmoLocationInfo? info, int index)
        {
            Name = name;
            Value = value;
            RightColumn = rightColumn;
            Info = info;
            Index = index;
        }

        /// <summary>The location's name without a suffix, e.g. <c>lcard</c>.</summary>
        public string Name { get; }

        /// <summary>As written in the manifest, e.g. <c>lcard-1</c>; for a catalog entry, the name.</summary>
        public string? Value { get; }

        /// <summary>Whether the widget uses the right column there: true for -1 or no suffix (the documented default),
        /// false for -0; null where the location takes no suffix, and for a catalog entry.</summary>
        public bool? RightColumn { get; }

        /// <summary>
        /// The right-column suffix as the default table shows it: for a manifest entry "-1" or "-0" by
        /// <see cref="RightColumn"/> (no suffix reads as the documented default, -1); for a catalog entry that takes
        /// one, "-1 / -0"; null where none applies. Filtering on it keeps what the table shows.
        /// </summary>
        public string? Suffix => Index < 0
            ? (SupportsRightColumn ? "-1 / -0" : null)
            : RightColumn switch { true => "-1", false => "-0", _ => null };

        public string? Area => Info?.Area;

        public string? Description => Info?.Description;

        /// <summary>Whether the location takes the -1/-0 right-column suffix.</summary>
        public bool SupportsRightColumn => Info?.TakesSuffix ?? false;

        public string? RequiresBlock => Info?.RequiresBlock;

        public IReadOnlyList<string> RequiredCallbacks => Info?.RequiredCallbacks ?? Array.Empty<string>();

        /// <summary>
        /// <see cref="RequiresBlock"/> under its label in Format-List, which keeps the list's labels short enough for
        /// the description to wrap at 65 characters in 80 columns.
        /// </summary>
        public string? Needs => RequiresBlock;

        /// <summary><see cref="RequiredCallbacks"/> under its label in Format-List.</summary>
        public IReadOnlyList<string> Callbacks => RequiredCallbacks;

        public AmoPlatforms Platforms => Info?.Platforms ?? AmoPlatforms.None;

        /// <summary>False for a name no amoCRM or Kommo page documents.</summary>
        public bool IsKnown => Info != null;

        /// <summary>Position in the manifest's "locations" array; -1 for a catalog entry.</summary>
        public int Index { get; }

        internal AmoLocationInfo? Info { get; }

        public static AmoLocation FromCatalog(AmoLocationInfo info) => new AmoLocation(info.Name, info.Name, null, info, -1);

        /// <summary>Reads one entry of a manifest's locations array.</summary>
        public static AmoLocation FromValue(string value, int index)
        {
            (string name, int? suffix) = AmoLocationCatalog.Split(value);
            AmoLocationInfo? info = AmoLocationCatalog.Find(name);
            bool? right = info != null && info.TakesSuffix ? suffix != 0 : (bool?)null;
            return new AmoLocation(name, value, right, info, index);
        }

        public override string ToString() => Printable.Escape(Value ?? Name);
    }
}
