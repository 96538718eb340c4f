using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.IO;
using AmoWidget.Json;

namespace AmoWidget.Scaffold
{
    /// <summary>What New-AmoWidget is asked for.</summary>
    public sealed class AmoWidgetScaffoldOptions
    {
        /// <summary>The widget's display name, written to every i18n file as widget.name; null: the folder's name.</summary>
        public string? Name { get; set; }

        /// <summary>Location names, optionally with a -0/-1 suffix; empty: lcard and settings.</summary>
        public IReadOnlyList<string> Locations { get; set; } = Array.Empty<string>();

        /// <summary>
        /// The platform the widget is for: its languages and locations must be that platform's, and its support contact
        /// what that platform asks for (placeholders where none was given). Any: amoCRM's languages (ru and en) unless a
        /// chosen location is Kommo's alone, then Kommo's, which is what Test-AmoWidget judges the result as.
        /// </summary>
        public AmoPlatform Platform { get; set; } = AmoPlatform.Any;

        /// <summary>Languages; null: the platform's (amoCRM: ru and en; Kommo: en, es and pt), or with Any ru and en, or en alone when a chosen location exists only in Kommo.</summary>
        public IReadOnlyList<string>? Locale { get; set; }

        public string? SupportEmail { get; set; }

        public string? SupportLink { get; set; }

        /// <summary>dp.webhook_url; optional in the docs, so left out when not given.</summary>
        public Uri? WebhookUrl { get; set; }

        /// <summary>sms.endpoint, the address amoCRM posts system SMS to.</summary>
        public Uri? SmsEndpoint { get; set; }

        /// <summary>mobile.frame_url, the page the mobile app opens.</summary>
        public Uri? MobileFrameUrl { get; set; }
    }

    /// <summary>One file of a new widget folder.</summary>
    public sealed class AmoScaffoldFile
    {
        public AmoScaffoldFile(string path, byte[] content)
        {
            Path = path;
            Content = content;
        }

        /// <summary>Relative to the widget folder, '/' separators.</summary>
        public string Path { get; }

        public byte[] Content { get; }

        public override string ToString() => Printable.Escape(Path);
    }

    /// <summary>A new widget, planned in memory: its manifest, every file, and what the user should know.</summary>
    public sealed class AmoWidgetScaffold
    {
        internal AmoWidgetScaffold(AmoManifest manifest, IReadOnlyList<AmoScaffoldFile> files, IReadOnlyList<string> warnings, IReadOnlyList<string> notes)
        {
            Manifest = manifest;
            Files = files;
            Warnings = warnings;
            Notes = notes;
        }

        public AmoManifest Manifest { get; }

        public IReadOnlyList<AmoScaffoldFile> Files { get; }

        /// <summary>What still needs the user before upload (a placeholder address, no support contact).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Choices made for the user (such as the card location card_sdk needs).</summary>
        public IReadOnlyList<string> Notes { get; }
    }

    /// <summary>
    /// Writes a complete widget folder: manifest.json through the manifest editor, with the block each location
    /// needs; script.js with every callback the locations need; an i18n file per language holding every key the
    /// manifest names; and PNG logos of exactly the documented sizes.
    /// </summary>
    public static class AmoWidgetScaffolder
    {
        /// <summary>Where the placeholder addresses point: example.com, which Test-AmoWidget reports (AmoPlaceholderUrl) until replaced.</summary>
        public const string PlaceholderHost = "https://example.com";

        private const string PlaceholderSupportLink = PlaceholderHost + "/support";

        private const string PlaceholderSupportEmail = "support@example.com";

        /// <summary>The size of a tour slide in Kommo's checklist (https://developers.kommo.com/docs/getting-listed).</summary>
        private const int TourImageWidth = 1188;

        private const int TourImageHeight = 616;

        private static readonly string[] DefaultLocations = { "lcard", "settings" };

        /// <summary>Plans a widget in memory; nothing is written. Throws AmoException for an unknown location or language.</summary>
        public static AmoWidgetScaffold Plan(string folder, AmoWidgetScaffoldOptions options)
        {
            string name = string.IsNullOrWhiteSpace(options.Name) ? FolderName(folder) : options.Name!.Trim();
            var warnings = new List<string>();
            var notes = new List<string>();

            IReadOnlyList<string> requested = options.Locations.Count == 0 ? DefaultLocations : options.Locations;
            var chosen = new List<(AmoLocationInfo Info, bool? RightColumn)>();
            foreach (string value in requested)
            {
                (string bare, int? suffix) = AmoLocationCatalog.Split(value.Trim());
                AmoLocationInfo info = AmoManifestEditor.Resolve(bare);
                if (!info.IsOn(options.Platform))
                {
                    throw new AmoException(ErrorIds.LocationUnknown, AmoErrorKind.InvalidArgument,
                        $"'{info.Name}' is a location of {(info.Platforms == AmoPlatforms.AmoCrm ? "amoCRM" : "Kommo")} only: a widget for {AmoPlatformLanguages.PlatformName(options.Platform)} cannot have it.", info.Name);
                }

                chosen.Add((info, suffix == null ? (bool?)null : suffix == 1));
            }

            string[] locale = ChooseLocale(options.Locale, chosen.Select(c => c.Info), options.Platform);
            AmoPlatform target = options.Platform != AmoPlatform.Any
                ? options.Platform
                : AmoPlatformTarget.Infer(locale, chosen.Select(c => c.Info.Name), options.SupportLink, options.SupportEmail).Platform;

            // What the target platform asks of widget.support (AmoSupportMissing): amoCRM a link and an e-mail, Kommo a
            // link or an e-mail. What is missing is written as an example.com placeholder, which AmoPlaceholderUrl
            // reports until it is replaced, so the gap is named in the manifest itself rather than left out.
            string? supportLink = options.SupportLink;
            string? supportEmail = options.SupportEmail;
            if (target == AmoPlatform.AmoCrm || (supportLink == null && supportEmail == null))
            {
                if (supportLink == null)
                {
                    supportLink = PlaceholderSupportLink;
                    warnings.Add($"widget.support.link is the placeholder {PlaceholderSupportLink}: replace it with the widget's support page (Set-AmoManifest -SupportLink, or New-AmoWidget -SupportLink); Test-AmoWidget -Strict reports AmoPlaceholderUrl until then.");
                }

                if (supportEmail == null && target == AmoPlatform.AmoCrm)
                {
                    supportEmail = PlaceholderSupportEmail;
                    warnings.Add($"widget.support.email is the placeholder {PlaceholderSupportEmail}: amoCRM asks for a support e-mail too (Set-AmoManifest -SupportEmail, or New-AmoWidget -SupportEmail); Test-AmoWidget -Strict reports AmoPlaceholderUrl until then.");
                }
            }

            AmoManifest manifest = AmoManifestEditor.New(new AmoManifestOptions
            {
                Locale = locale,
                SupportEmail = supportEmail,
                SupportLink = supportLink,
            });

            foreach ((AmoLocationInfo info, bool? rightColumn) in chosen)
            {
                AmoManifestEditor.AddLocation(manifest, info.Name, rightColumn);
            }

            bool Has(string location) => chosen.Any(c => c.Info.Name == location);

            if (Has("card_sdk") && !chosen.Any(c => c.Info.Area == "Card" && c.Info.TakesSuffix))
            {
                // The Card SDK example pairs card_sdk with lcard-0: initialized in the lead card, no right-column panel.
                AmoManifestEditor.AddLocation(manifest, "lcard", false);
                notes.Add("card_sdk works only in cards listed with it: lcard-0 was added (the lead card, without a right-column panel). Use Add-AmoLocation ccard, comcard -RightColumn $false for contacts or companies, and Remove-AmoLocation lcard if leads are not wanted.");
            }

            var i18n = new List<(string Key, Func<ScaffoldTexts, string> Text)>
            {
                ("widget.name", _ => name),
                ("widget.short_description", t => t.ShortDescription),
                ("widget.description", t => string.Format(t.Description, name)),
            };

            if (Has("ai_agent"))
            {
                i18n.Add(("widget.ai_agent_description", t => string.Format(t.AiAgentDescription, name)));
            }

            // Each block a chosen location needs, in the block catalog's order, as BlockScaffolds writes it.
            var plan = new BlockScaffolds.Plan(manifest, name, options, i18n, warnings);
            foreach (AmoBlockInfo block in AmoBlockCatalog.LocationBlocks)
            {
                if (block.Locations.Any(Has))
                {
                    BlockScaffolds.Writers[block.Key](plan);
                }
            }

            // Kommo's manifest table marks the tour required; one slide a language, of the checklist's 1188x616 px.
            AmoManifestEditor.SetTour(manifest, "widget.tour_description", locale.Select(l => new KeyValuePair<string, string[]>(l, new[] { TourImage(l) })));
            i18n.Add(("widget.tour_description", t => string.Format(t.TourDescription, name)));

            var files = new List<AmoScaffoldFile>
            {
                new AmoScaffoldFile("manifest.json", manifest.ToUtf8Bytes()),
                new AmoScaffoldFile("script.js", Utf8(ScriptTemplate.Build(name, Callbacks(manifest)))),
            };

            foreach (string language in locale)
            {
                files.Add(new AmoScaffoldFile("i18n/" + language + ".json", I18nFile(ScaffoldTexts.For(language), i18n)));
            }

            var logoFill = new Rgb(0x2F, 0x6F, 0xDE);
            var logoBorder = new Rgb(0x1B, 0x45, 0x96);
            var logoMark = new Rgb(0xFF, 0xFF, 0xFF);
            // The sizes are the validator's table of documented logos, so a scaffold cannot drift from what is checked.
            foreach (AmoLogoCatalog.Logo logo in AmoLogoCatalog.All.Where(l => l.Need != AmoLogoCatalog.Need.DigitalPipeline || Has("digital_pipeline")))
            {
                files.Add(new AmoScaffoldFile("images/" + logo.File, PngWriter.Logo(logo.Width, logo.Height, logoFill, logoBorder, logoMark)));
            }

            foreach (string language in locale)
            {
                files.Add(new AmoScaffoldFile(TourImage(language), PngWriter.Logo(TourImageWidth, TourImageHeight, logoFill, logoBorder, logoMark)));
            }

            files.AddRange(plan.Files);
            return new AmoWidgetScaffold(manifest, files, warnings, notes);
        }

        /// <summary>The callbacks a manifest's script.js needs: the six every widget has, then each location's, in order.</summary>
        public static IReadOnlyList<string> Callbacks(AmoManifest manifest)
        {
            var names = new List<string>(AmoLocationCatalog.BaseCallbacks);
            foreach (AmoLocation location in manifest.Locations)
            {
                AmoLocationInfo? info = AmoLocationCatalog.Find(location.Name);
                if (info != null)
                {
                    names.AddRange(info.RequiredCallbacks.Where(c => !names.Contains(c)));
                }
            }

            return names;
        }

        /// <summary>Whether a folder can take a new widget without -Force: it does not exist, or is empty.</summary>
        public static bool CanWriteWithoutForce(string folder) =>
            !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any();

        /// <summary>
        /// The full paths the planned files go to, each checked as <see cref="AtomicFile.Resolve"/> does: a folder, FIFO
        /// or device where a file goes is AmoException PathIsFolder or PathNotRegularFile, before any file is written,
        /// so that a refused widget leaves the folder as it was instead of half written.
        /// </summary>
        public static IReadOnlyList<string> CheckTargets(AmoWidgetScaffold scaffold, string folder)
        {
            string root = Path.GetFullPath(folder);
            string[] targets = scaffold.Files.Select(f => Path.Combine(root, f.Path.Replace('/', Path.DirectorySeparatorChar))).ToArray();
            foreach (string target in targets)
            {
                AtomicFile.Resolve(target);
            }

            return targets;
        }

        /// <summary>
        /// Writes the planned files. A folder that has anything in it is refused unless <paramref name="force"/>;
        /// with it, the widget's files are replaced and every other file is kept. Each file is written to a
        /// temporary name and moved into place, so none is ever half written, and a replaced file keeps its mode,
        /// owner and links (<see cref="AtomicFile"/>). A target that is a folder, FIFO or device is refused before
        /// any file is written (PathIsFolder, PathNotRegularFile).
        /// </summary>
        public static DirectoryInfo Write(AmoWidgetScaffold scaffold, string folder, bool force)
        {
            string root = Path.GetFullPath(folder);
            if (File.Exists(root))
            {
                throw new AmoException(ErrorIds.PathIsFile, AmoErrorKind.InvalidArgument, $"'{root}' is a file; New-AmoWidget needs a folder path.", root);
            }

            if (!force && !CanWriteWithoutForce(root))
            {
                throw new AmoException(ErrorIds.FolderNotEmpty, AmoErrorKind.ResourceExists,
                    $"The folder '{root}' is not empty. Choose an empty or new folder, or use -Force to write the widget's files into it (files of the same name are replaced, others are kept).", root)
                { RecommendedAction = "Use an empty folder, or -Force." };
            }

            IReadOnlyList<string> targets = CheckTargets(scaffold, root);
            Directory.CreateDirectory(root);
            for (int i = 0; i < targets.Count; i++)
            {
                AtomicFile.WriteAllBytes(targets[i], scaffold.Files[i].Content, ErrorIds.WidgetWriteFailed);
            }

            scaffold.Manifest.Path = Path.Combine(root, "manifest.json");
            return new DirectoryInfo(root);
        }

        private static string[] ChooseLocale(IReadOnlyList<string>? requested, IEnumerable<AmoLocationInfo> locations, AmoPlatform platform)
        {
            IReadOnlyList<string> own = AmoPlatformLanguages.Of(platform);
            if (requested != null && requested.Count > 0)
            {
                string[] languages = requested.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToArray();
                foreach (string language in languages)
                {
                    if (!ScaffoldTexts.IsKnown(language))
                    {
                        throw new AmoException(ErrorIds.LocaleUnknown, AmoErrorKind.InvalidArgument,
                            $"'{language}' is not a widget language: amoCRM has ru and en, Kommo en, es, pt, tr and id.", language);
                    }

                    if (!own.Contains(language))
                    {
                        throw new AmoException(ErrorIds.LocaleUnknown, AmoErrorKind.InvalidArgument,
                            $"'{language}' is not a language of {AmoPlatformLanguages.PlatformName(platform)}: it has {string.Join(", ", own)}.", language);
                    }
                }

                return languages;
            }

            if (platform == AmoPlatform.AmoCrm)
            {
                return new[] { "ru", "en" };
            }

            if (platform == AmoPlatform.Kommo)
            {
                // en, es and pt: the languages Kommo's pages have named longest (tr and id came later), and es or pt
                // marks the manifest as Kommo's for Test-AmoWidget, which en alone would not.
                return new[] { "en", "es", "pt" };
            }

            AmoLocationInfo[] all = locations.ToArray();
            bool kommoOnly = all.Any(l => l.Platforms == AmoPlatforms.Kommo);
            bool amoCrmOnly = all.Any(l => l.Platforms == AmoPlatforms.AmoCrm);
            return kommoOnly && !amoCrmOnly ? new[] { "en" } : new[] { "ru", "en" };
        }

        private static byte[] I18nFile(ScaffoldTexts texts, IEnumerable<(string Key, Func<ScaffoldTexts, string> Text)> keys)
        {
            var root = new JsonObject();
            foreach ((string key, Func<ScaffoldTexts, string> text) in keys)
            {
                string[] parts = key.Split('.');
                JsonObject parent = root;
                for (int i = 0; i < parts.Length - 1; i++)
                {
                    if (parent[parts[i]] is not JsonObject child)
                    {
                        child = new JsonObject();
                        parent[parts[i]] = child;
                    }

                    parent = child;
                }

                parent[parts[parts.Length - 1]] = JsonValue.String(text(texts));
            }

            return JsonDocument.Create(root).ToUtf8Bytes();
        }

        private static string TourImage(string language) => "images/tour_1_" + language + ".png";

        private static string FolderName(string folder)
        {
            string name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            return name.Length > 0 ? name : "Widget";
        }

        internal static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);
    }
}
