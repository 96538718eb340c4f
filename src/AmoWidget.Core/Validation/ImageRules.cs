using System;
using System.Linq;

namespace AmoWidget.Validation
{
    /// <summary>The logos of images/: present, real PNGs, the documented pixel size, at most 300 KB.</summary>
    internal static class ImageRules
    {
        public const long MaxImageBytes = 300 * 1024;

        /// <summary>A documented logo: file, pixel size, and when it is required.</summary>
        internal sealed class Logo
        {
            public Logo(string file, int width, int height, LogoNeed need)
            {
                File = file;
                Width = width;
                Height = height;
                Need = need;
            }

            public string File { get; }

            public int Width { get; }

            public int Height { get; }

            public LogoNeed Need { get; }
        }

        internal enum LogoNeed
        {
            Always,
            CardWidgets,
            DigitalPipeline,
        }

        internal static readonly Logo[] Logos =
        {
            new Logo("logo_main.png", 400, 272, LogoNeed.Always),
            new Logo("logo_medium.png", 240, 84, LogoNeed.CardWidgets),
            new Logo("logo_min.png", 84, 84, LogoNeed.CardWidgets),
            new Logo("logo_small.png", 108, 108, LogoNeed.Always),
            new Logo("logo.png", 130, 100, LogoNeed.Always),
            new Logo("logo_dp.png", 174, 109, LogoNeed.DigitalPipeline),
        };

        public static void CheckAll(ValidationRun run, WidgetSource source, ManifestContext? m)
        {
            ImageMissing(run, source, m);
            foreach (Logo logo in Logos)
            {
                string name = "images/" + logo.File;
                if (source.Exists(name))
                {
                    CheckLogo(run, source, name, logo);
                }
            }

            ImageTooLarge(run, source);
        }

        public static void ImageMissing(ValidationRun run, WidgetSource source, ManifestContext? m)
        {
            bool cards = m != null && m.Locations.Any(l => l.Info != null && (l.Info.Area == "Card" || l.Info.Area == "List"));
            bool dp = m != null && m.HasLocation("digital_pipeline");
            foreach (Logo logo in Logos)
            {
                string name = "images/" + logo.File;
                if (source.Exists(name) || (logo.Need == LogoNeed.DigitalPipeline && !dp))
                {
                    continue;
                }

                AmoSeverity severity = logo.Need == LogoNeed.CardWidgets && !cards ? AmoSeverity.Warning : AmoSeverity.Error;
                string why = logo.Need switch
                {
                    LogoNeed.Always => "every widget needs it",
                    LogoNeed.CardWidgets when cards => "widgets in cards and lists need it",
                    LogoNeed.CardWidgets => "the Marketplace checklist asks for it even without card locations",
                    _ => "digital_pipeline needs it",
                };
                string? variant = source.CaseVariant(name) ?? (source.Exists(logo.File) ? logo.File : null);
                run.Add("AmoImageMissing", source.Describe(name), $"{name} ({logo.Width}x{logo.Height} px) is missing: {why}.",
                    variant != null ? $"Move or rename {variant} to {name}." : $"Add a {logo.Width}x{logo.Height} PNG.", severity);
            }
        }

        private static void CheckLogo(ValidationRun run, WidgetSource source, string name, Logo logo)
        {
            byte[]? start = source.ReadPrefix(name, ImageHeader.PrefixLength);
            if (start == null)
            {
                return;
            }

            ImageHeader header = ImageHeader.Read(start);
            if (!header.IsPng)
            {
                bool acceptedByAmoCrm = run.Platform == AmoPlatform.AmoCrm && (header.Format == "JPEG" || header.Format == "GIF");
                run.Add("AmoImageNotPng", source.Describe(name),
                    header.Format == "unknown" ? $"{name} is not a PNG (no PNG signature)." : $"{name} is a {header.Format} file, not a PNG.",
                    $"Save it as a {logo.Width}x{logo.Height} PNG.", acceptedByAmoCrm ? AmoSeverity.Warning : (AmoSeverity?)null);
                return;
            }

            if (!header.HasSize)
            {
                run.Add("AmoImageNotPng", source.Describe(name), $"{name} has a PNG signature but no readable IHDR header; the file is damaged.");
                return;
            }

            if (header.Width != logo.Width || header.Height != logo.Height)
            {
                run.Add("AmoImageSize", source.Describe(name), $"{name} is {header.Width}x{header.Height} px; the documented size is {logo.Width}x{logo.Height} px.",
                    $"Resize it to exactly {logo.Width}x{logo.Height}.");
            }
        }

        public static void ImageTooLarge(ValidationRun run, WidgetSource source)
        {
            foreach (string name in source.FilesIn("images").Where(n => !source.IsBlocked(n)))
            {
                long length = source.Length(name);
                if (length > MaxImageBytes)
                {
                    run.Add("AmoImageTooLarge", source.Describe(name), $"{name} is {length / 1024.0:0.#} KB; each image may be at most 300 KB.",
                        "Compress it (fewer colours, an optimizer such as oxipng).");
                }
            }
        }
    }
}
