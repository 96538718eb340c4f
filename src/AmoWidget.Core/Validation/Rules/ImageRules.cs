using System;
using System.Linq;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>The logos of images/: present, real PNGs, the documented pixel size, at most 300 KB.</summary>
    internal static class ImageRules
    {
        public const long MaxImageBytes = 300 * 1024;

        public static void CheckAll(ValidationRun run, WidgetSource source, ManifestContext? m)
        {
            ImageMissing(run, source, m);
            foreach (AmoLogoCatalog.Logo logo in AmoLogoCatalog.All)
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
            foreach (AmoLogoCatalog.Logo logo in AmoLogoCatalog.All)
            {
                string name = "images/" + logo.File;
                if (source.Exists(name) || (logo.Need == AmoLogoCatalog.Need.DigitalPipeline && !dp))
                {
                    continue;
                }

                AmoSeverity severity = logo.Need == AmoLogoCatalog.Need.CardWidgets && !cards ? AmoSeverity.Warning : AmoSeverity.Error;
                string why = logo.Need switch
                {
                    AmoLogoCatalog.Need.Always => "every widget needs it",
                    AmoLogoCatalog.Need.CardWidgets when cards => "widgets in cards and lists need it",
                    AmoLogoCatalog.Need.CardWidgets => "the Marketplace checklist asks for it even without card locations",
                    _ => "digital_pipeline needs it",
                };
                string? variant = source.CaseVariant(name) ?? (source.Exists(logo.File) ? logo.File : null);
                run.Add(RuleNames.AmoImageMissing, source.Describe(name), $"{name} ({logo.Width}x{logo.Height} px) is missing: {why}.",
                    variant != null ? $"Move or rename {variant} to {name}." : $"Add a {logo.Width}x{logo.Height} PNG.", severity);
            }
        }

        private static void CheckLogo(ValidationRun run, WidgetSource source, string name, AmoLogoCatalog.Logo logo)
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
                run.Add(RuleNames.AmoImageNotPng, source.Describe(name),
                    header.Format == "unknown" ? $"{name} is not a PNG (no PNG signature)." : $"{name} is a {header.Format} file, not a PNG.",
                    $"Save it as a {logo.Width}x{logo.Height} PNG.", acceptedByAmoCrm ? AmoSeverity.Warning : (AmoSeverity?)null);
                return;
            }

            if (!header.HasSize)
            {
                run.Add(RuleNames.AmoImageNotPng, source.Describe(name), $"{name} has a PNG signature but no readable IHDR header; the file is damaged.");
                return;
            }

            if (header.Width != logo.Width || header.Height != logo.Height)
            {
                run.Add(RuleNames.AmoImageSize, source.Describe(name), $"{name} is {header.Width}x{header.Height} px; the documented size is {logo.Width}x{logo.Height} px.",
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
                    run.Add(RuleNames.AmoImageTooLarge, source.Describe(name), $"{name} is {length / 1024.0:0.#} KB; each image may be at most 300 KB.",
                        "Compress it (fewer colours, an optimizer such as oxipng).");
                }
            }
        }
    }
}
