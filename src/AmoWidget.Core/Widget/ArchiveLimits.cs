using System;
using AmoWidget.IO;

namespace AmoWidget.Widget
{
    /// <summary>Caps (<see cref="AmoReadLimits"/>) that refuse a zip bomb from its directory alone, before any entry is inflated.</summary>
    internal static class ArchiveLimits
    {
        public const long RatioFloor = 1024 * 1024;

        public static void Check(string archive, ZipDirectory directory)
        {
            if (directory.Entries.Count > AmoReadLimits.ArchiveEntries)
            {
                throw TooLarge(archive, $"it holds {directory.Entries.Count} entries (at most {AmoReadLimits.ArchiveEntries} are read)");
            }

            long total = 0;
            foreach (ZipRawEntry entry in directory.Entries)
            {
                total = entry.UncompressedSize > AmoReadLimits.ArchiveUncompressedBytes ? AmoReadLimits.ArchiveUncompressedBytes + 1 : total + entry.UncompressedSize;
                if (total > AmoReadLimits.ArchiveUncompressedBytes)
                {
                    throw TooLarge(archive, $"its entries declare more than {AmoReadLimits.ArchiveUncompressedBytes / (1024 * 1024)} MB uncompressed");
                }

                if (entry.UncompressedSize > RatioFloor && entry.UncompressedSize > AmoReadLimits.ArchiveRatio * Math.Max(1, entry.CompressedSize))
                {
                    throw TooLarge(archive, $"entry {entry.Name} inflates {entry.CompressedSize} bytes to {entry.UncompressedSize} (more than {AmoReadLimits.ArchiveRatio}:1)");
                }
            }
        }

        public static AmoException TooLarge(string archive, string why) =>
            new AmoException(ErrorIds.ArchiveTooLarge, AmoErrorKind.LimitsExceeded, $"{archive} is refused before it is inflated: {why}.", archive)
            {
                RecommendedAction = "A widget.zip is a few hundred KB; check that the archive is the widget and not a build folder.",
            };
    }
}
