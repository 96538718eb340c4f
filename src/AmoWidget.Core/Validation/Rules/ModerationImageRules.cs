using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The moderation rules about images: none animated (amoCRM requirements §4.3,
    /// https://www.amocrm.ru/developers/content/integrations/requirements) and tour slides of the marketplace's
    /// 1188x616 (Kommo's checklist, https://developers.kommo.com/docs/getting-listed).
    /// Frames are counted by walking the file's own chunk and block structure (GIF blocks, PNG chunks, WebP RIFF
    /// chunks): three short loops over formats whose layout is fixed by their specifications, where an image library
    /// (none is on the package list the module may restore from) would decode every pixel to answer the same question.
    /// </summary>
    internal static class ModerationImageRules
    {
        public const int TourWidth = 1188;

        public const int TourHeight = 616;

        public static bool IsImage(string extension) =>
            extension == ".png" || extension == ".gif" || extension == ".webp" || extension == ".svg" || extension == ".apng";

        /// <summary>
        /// How much of a PNG or WebP is read: an APNG's acTL comes before its first IDAT, and a WebP's animation flag and
        /// ANIM chunk open the file, so the start answers; a GIF is walked to its second frame and an SVG searched whole.
        /// </summary>
        internal const int ChunkPrefixBytes = 64 * 1024;

        public static void CheckAnimated(ValidationRun run, WidgetSource source, string name)
        {
            string extension = ModerationRules.Extension(name);
            byte[]? data = extension == ".png" || extension == ".apng" || extension == ".webp"
                ? source.ReadPrefix(name, ChunkPrefixBytes)
                : source.Read(name, (int)ImageRules.MaxImageBytes * 4, run.Report, AmoSeverity.Warning);
            string? kind = data == null ? null : Animation(data);
            if (kind != null)
            {
                run.Add(RuleNames.AmoImageAnimated, source.Describe(name), $"{name} is animated ({kind}); amoCRM forbids animated images and icons.",
                    "Save a still image (one frame).", run.Platform == AmoPlatform.Kommo ? AmoSeverity.Warning : (AmoSeverity?)null);
            }
        }

        /// <summary>What makes the image animated ("a GIF of 3 frames", "an APNG"), or null for a still image.</summary>
        internal static string? Animation(byte[] data)
        {
            if (data.Length >= 6 && data[0] == 'G' && data[1] == 'I' && data[2] == 'F')
            {
                int frames = GifFrames(data);
                return frames > 1 ? $"a GIF of {frames} frames" : null;
            }

            if (data.Length >= 8 && data[0] == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G')
            {
                return HasPngChunk(data, "acTL") ? "an APNG: a PNG with an animation control chunk" : null;
            }

            if (data.Length >= 12 && Ascii(data, 0, 4) == "RIFF" && Ascii(data, 8, 4) == "WEBP")
            {
                return HasWebpAnimation(data) ? "an animated WebP" : null;
            }

            string text = Encoding.UTF8.GetString(data, 0, Math.Min(data.Length, 1024 * 1024));
            if (text.IndexOf("<svg", StringComparison.OrdinalIgnoreCase) >= 0
                && (text.IndexOf("<animate", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("<set ", StringComparison.OrdinalIgnoreCase) >= 0
                    || text.IndexOf("@keyframes", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return "an SVG with <animate>, <set> or CSS @keyframes";
            }

            return null;
        }

        /// <summary>Image descriptors of a GIF (https://www.w3.org/Graphics/GIF/spec-gif89a.txt): header, screen descriptor and global table, then blocks.</summary>
        private static int GifFrames(byte[] d)
        {
            int i = 13;
            if (d.Length < 13)
            {
                return 0;
            }

            if ((d[10] & 0x80) != 0)
            {
                i += 3 << ((d[10] & 7) + 1);
            }

            int frames = 0;
            while (i < d.Length)
            {
                byte block = d[i];
                if (block == 0x2C)
                {
                    frames++;
                    if (frames > 1 || i + 10 > d.Length)
                    {
                        return frames;
                    }

                    byte packed = d[i + 9];
                    i += 10 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0) + 1;
                    i = SkipSubBlocks(d, i);
                }
                else if (block == 0x21)
                {
                    i = SkipSubBlocks(d, i + 2);
                }
                else
                {
                    break;
                }
            }

            return frames;
        }

        private static int SkipSubBlocks(byte[] d, int i)
        {
            while (i < d.Length && d[i] != 0)
            {
                i += d[i] + 1;
            }

            return i + 1;
        }

        /// <summary>Whether a chunk of this type comes before IDAT (https://www.w3.org/TR/png-3/#apng-frame-control: acTL precedes the first IDAT).</summary>
        private static bool HasPngChunk(byte[] d, string type)
        {
            int i = 8;
            while (i + 8 <= d.Length)
            {
                long length = ((long)d[i] << 24) | ((long)d[i + 1] << 16) | ((long)d[i + 2] << 8) | d[i + 3];
                string chunk = Ascii(d, i + 4, 4);
                if (chunk == type)
                {
                    return true;
                }

                if (chunk == "IDAT" || chunk == "IEND")
                {
                    return false;
                }

                i += (int)Math.Min(int.MaxValue - 12, length) + 12;
                if (i < 0)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>A VP8X header with the animation flag, or an ANIM chunk (https://developers.google.com/speed/webp/docs/riff_container).</summary>
        private static bool HasWebpAnimation(byte[] d)
        {
            if (d.Length >= 21 && Ascii(d, 12, 4) == "VP8X" && (d[20] & 0x02) != 0)
            {
                return true;
            }

            int i = 12;
            while (i + 8 <= d.Length)
            {
                if (Ascii(d, i, 4) == "ANIM")
                {
                    return true;
                }

                long size = (uint)(d[i + 4] | (d[i + 5] << 8) | (d[i + 6] << 16) | (d[i + 7] << 24));
                long next = i + 8 + size + (size & 1);
                if (next > int.MaxValue)
                {
                    return false;
                }

                i = (int)next;
            }

            return false;
        }

        private static string Ascii(byte[] d, int offset, int count) => offset + count <= d.Length ? Encoding.ASCII.GetString(d, offset, count) : string.Empty;

        /// <summary>
        /// AmoTourImageSize: each PNG slide in tour.tour_images (once a file) that is not 1188x616. Only the files the pass
        /// may read (<paramref name="readable"/>: in a zip not encrypted and with agreeing headers, in a folder regular files, no links).
        /// </summary>
        public static void CheckTourSizes(ValidationRun run, WidgetSource source, ManifestContext m, ICollection<string> readable)
        {
            JsonRef byLanguage = m.Block("tour")["tour_images"];
            if (!byLanguage.IsObject)
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonRef paths in BlockFileRules.Distinct(byLanguage).Where(p => p.IsArray))
            {
                foreach (JsonRef entry in paths)
                {
                    if (entry.AsString() is not string path || path.Trim().Length == 0 || BlockFileRules.IsUrl(path))
                    {
                        continue;
                    }

                    string name = BlockFileRules.InWidget(path);
                    if (!seen.Add(name) || !readable.Contains(name) || source.ReadPrefix(name, ImageHeader.PrefixLength) is not byte[] start)
                    {
                        continue;
                    }

                    ImageHeader header = ImageHeader.Read(start);
                    if (header.HasSize && (header.Width != TourWidth || header.Height != TourHeight))
                    {
                        string pointer = entry.Pointer;
                        m.At(RuleNames.AmoTourImageSize, pointer, $"{JsonPointer.Display(pointer)} names {name}, which is {header.Width}x{header.Height} px; the marketplace's slides are {TourWidth}x{TourHeight}.",
                            $"Export the slide at {TourWidth}x{TourHeight} px.");
                    }
                }
            }
        }
    }
}
