using System;
using System.Collections.Generic;

namespace AmoWidget.Scaffold
{
    /// <summary>
    /// What New-AmoWidget writes for each block of <see cref="AmoBlockCatalog"/> that a chosen location needs: the block
    /// in manifest.json (through the editor the cmdlets use), the i18n keys it names, and the files it points to.
    /// </summary>
    internal static class BlockScaffolds
    {
        private const string LeftMenuIcon = "images/left_menu.svg";

        /// <summary>One writer per block that a location needs, by block key.</summary>
        public static readonly IReadOnlyDictionary<string, Action<Plan>> Writers = new Dictionary<string, Action<Plan>>(StringComparer.Ordinal)
        {
            ["dp"] = p =>
            {
                AmoManifestEditor.SetDigitalPipeline(p.Manifest, p.Options.WebhookUrl, false);
                AmoManifestEditor.AddDpSetting(p.Manifest, "message", AmoSettingType.Text, "dp.message", false);
                p.I18n.Add(("dp.message", t => t.Message));
            },
            ["advanced"] = p =>
            {
                AmoManifestEditor.SetAdvancedSettings(p.Manifest, "advanced.title");
                p.I18n.Add(("advanced.title", _ => p.Name));
            },
            ["salesbot_designer"] = p =>
            {
                // The Salesbot designer keeps Save disabled for a field without default_value
                // (https://developers.kommo.com/docs/salesbot-sdk): an empty default lets the step be saved.
                AmoManifestEditor.AddSalesbotHandler(p.Manifest, "send_message", "salesbot.send_message",
                    new[] { new AmoSalesbotField("message", AmoSalesbotFieldType.Text, "salesbot.message", string.Empty, true) });
                p.I18n.Add(("salesbot.send_message", t => string.Format(t.RunHandler, p.Name)));
                p.I18n.Add(("salesbot.message", t => t.Message));
            },
            ["sms"] = p => AmoManifestEditor.SetSms(p.Manifest, new Uri(Address(p.Options.SmsEndpoint, "/sms", "sms.endpoint", "-SmsEndpoint", p.Warnings))),
            ["mobile"] = p => AmoManifestEditor.SetMobileCard(p.Manifest, new Uri(Address(p.Options.MobileFrameUrl, "/mobile", "mobile.frame_url", "-MobileFrameUrl", p.Warnings)), "#ffffff"),
            ["left_menu"] = p =>
            {
                AmoManifestEditor.AddLeftMenuItem(p.Manifest, "main", "left_menu.main", LeftMenuIcon, null, Array.Empty<AmoLeftMenuSubItem>());
                p.I18n.Add(("left_menu.main", _ => p.Name));
                p.Files.Add(new AmoScaffoldFile(LeftMenuIcon, AmoWidgetScaffolder.Utf8(MenuIconSvg)));
            },
            ["amoforms_settings"] = p =>
            {
                AmoManifestEditor.SetFormsSettings(p.Manifest, "amoforms.title", null, null);
                p.I18n.Add(("amoforms.title", _ => p.Name));
                p.Files.Add(new AmoScaffoldFile("amoforms.js", AmoWidgetScaffolder.Utf8(AmoformsScript)));
            },
        };

        /// <summary>The widget being planned, as the writers add to it.</summary>
        internal sealed class Plan
        {
            public Plan(AmoManifest manifest, string name, AmoWidgetScaffoldOptions options, List<(string Key, Func<ScaffoldTexts, string> Text)> i18n, List<string> warnings)
            {
                Manifest = manifest;
                Name = name;
                Options = options;
                I18n = i18n;
                Warnings = warnings;
            }

            public AmoManifest Manifest { get; }

            /// <summary>The widget's display name.</summary>
            public string Name { get; }

            public AmoWidgetScaffoldOptions Options { get; }

            /// <summary>The i18n keys every language file gets, with the text of each.</summary>
            public List<(string Key, Func<ScaffoldTexts, string> Text)> I18n { get; }

            public List<string> Warnings { get; }

            /// <summary>Files the blocks point to, written after the logos and tour images.</summary>
            public List<AmoScaffoldFile> Files { get; } = new List<AmoScaffoldFile>();
        }

        private static string Address(Uri? given, string path, string key, string parameter, List<string> warnings)
        {
            if (given != null)
            {
                if (!given.IsAbsoluteUri || (given.Scheme != Uri.UriSchemeHttps && given.Scheme != Uri.UriSchemeHttp))
                {
                    throw new AmoException(ErrorIds.UrlInvalid, AmoErrorKind.InvalidArgument, $"{parameter} '{given.OriginalString}' is not an absolute http(s) URL.", given.OriginalString);
                }

                return given.OriginalString;
            }

            warnings.Add($"{key} is a placeholder ({AmoWidgetScaffolder.PlaceholderHost}{path}): give your own address with {parameter}, or edit manifest.json; Test-AmoWidget reports it (AmoPlaceholderUrl) until then.");
            return AmoWidgetScaffolder.PlaceholderHost + path;
        }

        private const string MenuIconSvg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\">\n" +
            "  <rect x=\"3\" y=\"3\" width=\"18\" height=\"18\" rx=\"3\" fill=\"none\" stroke=\"#2f6fde\" stroke-width=\"2\"/>\n" +
            "  <rect x=\"9\" y=\"9\" width=\"6\" height=\"6\" fill=\"#2f6fde\"/>\n" +
            "</svg>\n";

        private const string AmoformsScript =
            "/*\n" +
            " * amoforms.js: the widget's part in amoCRM web forms, started by New-AmoWidget.\n" +
            " * The form calls the function given to amoFormsWidget when it loads; the function that one returns\n" +
            " * runs when the visitor sends the form, and the form waits for its Promise.\n" +
            " */\n" +
            "amoFormsWidget(function (params) {\n" +
            "  return function (FORM_REQUEST_ID) {\n" +
            "    return Promise.resolve();\n" +
            "  };\n" +
            "});\n";
    }
}
