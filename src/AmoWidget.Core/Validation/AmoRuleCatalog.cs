using System;
using System.Collections.Generic;
using System.Linq;

namespace AmoWidget
{
    /// <summary>
    /// Every validation rule: its stable name, severity, and the reason for that severity. What amoCRM / Kommo
    /// document as required is an Error; what real, accepted widgets do freely is a Warning.
    /// </summary>
    public static class AmoRuleCatalog
    {
        internal static class Docs
        {
            public const string KommoManifest = "https://developers.kommo.com/docs/manifest-json";
            public const string KommoLocations = "https://developers.kommo.com/docs/widget-locations";
            public const string KommoStructure = "https://developers.kommo.com/docs/structure-widget";
            public const string KommoImages = "https://developers.kommo.com/docs/images";
            public const string KommoI18n = "https://developers.kommo.com/docs/i18n";
            public const string KommoScript = "https://developers.kommo.com/docs/script-js";
            public const string KommoFieldTypes = "https://developers.kommo.com/docs/field-types";
            public const string KommoDp = "https://developers.kommo.com/docs/widgets-dp";
            public const string KommoChecklist = "https://developers.kommo.com/docs/getting-listed";
            public const string AmoStructure = "https://www.amocrm.ru/developers/content/integrations/structure";
            public const string AmoAreas = "https://www.amocrm.ru/developers/content/integrations/areas";
            public const string AmoUpload = "https://www.amocrm.com.kz/developers/content/integrations/upload";
            public const string AmoRequirements = "https://www.amocrm.ru/developers/content/integrations/requirements";
            public const string AmoForms = "https://www.amocrm.ru/developers/content/integrations/amoforms-widgets";
            public const string KommoLeftMenu = "https://developers.kommo.com/docs/left-menu";
            public const string AmoLeftMenu = "https://www.amocrm.ru/developers/content/web_sdk/left_menu";
            public const string KommoSalesbot = "https://developers.kommo.com/docs/salesbot-sdk";
            public const string AmoScriptJs = "https://www.amocrm.ru/developers/content/integrations/script_js";
            public const string AmoMechanics = "https://www.amocrm.ru/developers/content/web_sdk/mechanics";
            public const string AmoEnv = "https://www.amocrm.ru/developers/content/web_sdk/env_variables";
            public const string AmoModules = "https://www.amocrm.ru/developers/content/web_sdk/system_modules";
            public const string AmoInitOnce = "https://www.amocrm.ru/developers/content/web_sdk/init_once";
        }

        private static readonly AmoRuleInfo[] Rules =
        {
            new AmoRuleInfo(RuleNames.AmoJsonInvalid, AmoSeverity.Error, "JSON",
                "A file amoCRM reads as JSON (manifest.json, i18n/*.json) does not parse; reported with the line and column of the first error. The manifest must be valid JSON and the uploader rejects one that is not.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoJsonDuplicateKey, AmoSeverity.Warning, "JSON",
                "A key repeats inside one object. Readers keep the last value and silently drop the earlier one, which is almost always an editing mistake; the text is still valid JSON, so a warning.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoFileHasBom, AmoSeverity.Error, "JSON",
                "A .json, .js or .css file starts with a UTF-8 byte order mark. The docs require UTF-8 without BOM for every file of the archive.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoFieldRequired, AmoSeverity.Error, "Widget",
                "A key the manifest table marks as required is missing: widget and locations; widget.name, description, short_description, interface_version, locale, installation; tour.is_tour; dp, salesbot and amoforms sub-keys that the docs require.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoFieldType, AmoSeverity.Error, "Widget",
                "A documented key has the wrong JSON type, such as init_once: \"Y\" where a boolean is documented, or a name that is an object instead of an i18n key string.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoInterfaceVersion, AmoSeverity.Error, "Widget",
                "widget.interface_version is documented as the integer 2, and nothing else.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoSupportMissing, AmoSeverity.Warning, "Widget",
                "widget.support is missing or lacks what the platform asks for. amoCRM's requirements have made widget/support with link and email a mandatory section since November 2018: an Error with -Platform AmoCrm when support, its link or its email is missing. Kommo's manifest table marks support optional and asks for a link, or an e-mail when there is no link, and a fifth of real widgets lack it: a Warning with -Platform Kommo and Any.",
                Docs.AmoRequirements),
            new AmoRuleInfo(RuleNames.AmoKeyUnknown, AmoSeverity.Warning, "Widget",
                "A key that no documented block has, at the top level or inside a documented block (widget, support, settings fields, dp, advanced, Salesbot handlers and fields, sms, mobile, amoforms_settings, left_menu items, tour). amoCRM ignores it, so a misplaced key such as a top-level webhook_url (it belongs in dp) silently does nothing. The nearest documented key is suggested, and a documented key in the wrong place is named as such. Keys that accepted real widgets carry (is_showcase, placeholder, _comment...) are not reported unless they are a near-miss of a documented key that is absent.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoLegacyCodeSecret, AmoSeverity.Warning, "Widget",
                "widget.code or widget.secret_key is present. New integrations do not need them (the code is generated at upload); only an old widget not yet converted needs them to update, and a secret key kept in source is a leak. The value is never printed.",
                Docs.AmoUpload),
            new AmoRuleInfo(RuleNames.AmoPlaceholderUrl, AmoSeverity.Warning, "Widget",
                "A support link, e-mail, dp.webhook_url, sms.endpoint or mobile.frame_url still points at example.com, copied from the docs example; it must be a working address of the widget's own.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoLocaleUnknown, AmoSeverity.Error, "Widget",
                "A widget.locale entry is not a language of the platform: amoCRM has ru and en, Kommo en, es, pt, tr and id (-Platform Any accepts all of them).",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoLocationUnknown, AmoSeverity.Error, "Locations",
                "A locations entry is not a documented location, or not one of the chosen -Platform; the nearest known name is suggested.",
                Docs.KommoLocations),
            new AmoRuleInfo(RuleNames.AmoLocationSuffixNotAllowed, AmoSeverity.Error, "Locations",
                "A suffix on a location that takes none (everywhere-1, settings-1), or a suffix other than -0 / -1 on a card or list area. everywhere is documented as not accepting the parameter.",
                Docs.AmoAreas),
            new AmoRuleInfo(RuleNames.AmoLocationConflict, AmoSeverity.Error, "Locations",
                "One area listed with different suffixes (lcard-0 with lcard-1, or either with bare lcard). The suffix says whether the widget uses the right column; the official CLI refuses such pairs.",
                Docs.AmoAreas),
            new AmoRuleInfo(RuleNames.AmoLocationDuplicate, AmoSeverity.Warning, "Locations",
                "The same location value is listed twice. Harmless to amoCRM, so a warning, but a sign of a merge or copy mistake.",
                Docs.KommoLocations),
            new AmoRuleInfo(RuleNames.AmoCardSdkWithoutCard, AmoSeverity.Error, "Locations",
                "card_sdk without a card location (lcard, ccard, comcard, cucard): the docs say the Card SDK tab requires the card locations of the entities it works in.",
                Docs.KommoLocations),
            new AmoRuleInfo(RuleNames.AmoLocationWithoutBlock, AmoSeverity.Error, "Blocks",
                "A location whose manifest block is missing: digital_pipeline needs dp, advanced_settings advanced, salesbot_designer salesbot_designer, sms sms, mobile_card mobile, widget_page left_menu, amoforms amoforms_settings. The docs list the block as what the location needs; without it the place is empty.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoBlockWithoutLocation, AmoSeverity.Warning, "Blocks",
                "A block whose location is not listed (dp without digital_pipeline, salesbot_designer without its location...). The block is then ignored; accepted widgets often carry such leftovers, so a warning.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoSettingType, AmoSeverity.Error, "Settings",
                "A settings or dp.settings field type outside text, pass, users, users_lp, custom, or a Salesbot field type outside text, numeric, url. The docs and the REST API's settings_template list exactly these types.",
                Docs.KommoFieldTypes),
            new AmoRuleInfo(RuleNames.AmoDpActionMultipleMissing, AmoSeverity.Error, "Settings",
                "A dp block without action_multiple: optional in general, but documented as required once dp is present.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoDpWebhookUrl, AmoSeverity.Error, "Settings",
                "dp.webhook_url is not an absolute http or https URL, so the digital pipeline cannot deliver its events to it.",
                Docs.KommoDp),
            new AmoRuleInfo(RuleNames.AmoSettingsBlockMissing, AmoSeverity.Error, "Settings",
                "The settings location is listed, or widget.installation is true, but the manifest has no settings object. Kommo's uploader refuses such an archive (\"settings\" field is required in manifest.json); an empty settings object is enough when the widget has no fields.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoSalesbotDefaultMissing, AmoSeverity.Warning, "Settings",
                "A field in the settings of a Salesbot handler (in salesbot_designer) has no default_value. Every Kommo Salesbot SDK example gives one, and without it the designer's Save button stays disabled until the user fills the field; the upload itself passes, so a warning.",
                Docs.KommoSalesbot),
            new AmoRuleInfo(RuleNames.AmoFormsScriptMissing, AmoSeverity.Error, "Blocks",
                "The amoforms location is listed but there is no amoforms.js beside script.js: the web-forms page requires that file, which calls amoFormsWidget(...), and without it the form's widget button has no handler. A Warning when amoforms.js exists but never calls amoFormsWidget.",
                Docs.AmoForms),
            new AmoRuleInfo(RuleNames.AmoLeftMenuIcon, AmoSeverity.Error, "Blocks",
                "A left_menu item's icon (icon, or icons.light / icons.dark) names a file that is not in the widget: an Error, the menu shows no icon. A Warning when the file is there but is not an SVG, which Kommo's public-integration checklist asks for.",
                Docs.KommoLeftMenu),
            new AmoRuleInfo(RuleNames.AmoLeftMenuItemInvalid, AmoSeverity.Error, "Blocks",
                "A left_menu item the platform does not take: is_hidden on settings (only dashboard, leads, customers, tasks, catalogs, mail and stats can be hidden), is_hidden on a code that is no system section, or an item of the widget's own (not a system section) without a title or without an icon (icon or icons).",
                Docs.AmoLeftMenu),
            new AmoRuleInfo(RuleNames.AmoTourImageMissing, AmoSeverity.Warning, "Blocks",
                "A tour.tour_images path names a file that is not in the widget, so the tour shows a broken slide. tour_images is optional and real widgets often point it at logo_main.png, so a warning.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoManifestMissing, AmoSeverity.Error, "Folder",
                "The widget folder or archive has no manifest.json: the one file every version of the docs calls required.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoFileNotRegular, AmoSeverity.Error, "Folder",
                "A file of the widget (or the path given) is a FIFO, a device or a socket, or a link to one, not a regular file. Opening one blocks or never ends, so it is refused before it is opened, and Compress-AmoWidget cannot pack it.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoFileTooLarge, AmoSeverity.Error, "Folder",
                "A file is longer than the module reads for its kind: manifest.json and i18n files 1 MB (an Error: real ones are a few KB), script.js 1 MB (a Warning: amoCRM documents no limit, but it is not parsed). It is judged from its length (a zip entry's from the size it declares) before anything is read, and not checked further.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoLinkOutsideWidget, AmoSeverity.Warning, "Folder",
                "A file, or the i18n/ or images/ folder, is a symbolic link whose target lies outside the widget folder. It is not read, and Compress-AmoWidget leaves it out of the zip (so a link cannot smuggle /etc/passwd into an upload). An Error for a file the checks need (manifest.json, script.js, style.css, i18n and images), else a warning.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoFileNameInvalid, AmoSeverity.Error, "Folder",
                "A file name in the widget folder is not valid UTF-8 (Linux allows any bytes but '/' and NUL). The finding shows the name with each byte that is not UTF-8 escaped (i18n/\\xFF.json). .NET lists such a name with replacement characters, under which the file cannot be opened, and a zip entry name is UTF-8, so the file is neither checked nor packed: Compress-AmoWidget refuses the folder.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoI18nFileMissing, AmoSeverity.Error, "I18n",
                "A widget.locale language has no i18n/<lang>.json: each language code must correspond to a translation file.",
                Docs.KommoManifest),
            new AmoRuleInfo(RuleNames.AmoI18nFileNotInLocale, AmoSeverity.Warning, "I18n",
                "An i18n/<lang>.json whose language widget.locale does not list. Unused; many accepted widgets ship en.json with locale [\"ru\"], so a warning.",
                Docs.KommoI18n),
            new AmoRuleInfo(RuleNames.AmoI18nKeyMissing, AmoSeverity.Warning, "I18n",
                "An i18n key the manifest names (widget.name, settings.<x>.name, dp settings, advanced.title, Salesbot names, tour_description, left_menu titles...) is missing from a language file, so that language shows the raw key. Real widgets often do this and pass upload, so a warning.",
                Docs.KommoI18n),
            new AmoRuleInfo(RuleNames.AmoI18nStructureMismatch, AmoSeverity.Warning, "I18n",
                "Two language files differ in structure (a key of one is missing from the other, or is an object in one and text in the other). Documented as 'must have the same structure' but tolerated at upload, so a warning.",
                Docs.KommoI18n),
            new AmoRuleInfo(RuleNames.AmoAiAgentDescriptionMissing, AmoSeverity.Error, "I18n",
                "The ai_agent location is used but widget.ai_agent_description is missing or empty in a language file; documented as mandatory in every i18n file.",
                Docs.KommoLocations),
            new AmoRuleInfo(RuleNames.AmoImageMissing, AmoSeverity.Error, "Images",
                "A required logo is missing: logo.png, logo_main.png and logo_small.png always, logo_medium.png and logo_min.png for widgets in cards, logo_dp.png with digital_pipeline. logo_medium.png and logo_min.png of a widget without card locations are a warning: only the Marketplace checklist asks for them.",
                Docs.AmoStructure),
            new AmoRuleInfo(RuleNames.AmoImageSize, AmoSeverity.Error, "Images",
                "A logo's pixel size, read from the PNG header, is not the documented one: logo_main 400x272, logo_medium 240x84, logo_min 84x84, logo_small 108x108, logo 130x100, logo_dp 174x109.",
                Docs.KommoImages),
            new AmoRuleInfo(RuleNames.AmoImageTooLarge, AmoSeverity.Error, "Images",
                "An image file is larger than the documented 300 KB.",
                Docs.KommoImages),
            new AmoRuleInfo(RuleNames.AmoImageNotPng, AmoSeverity.Error, "Images",
                "A logo is not a PNG (its first bytes lack the PNG signature); Kommo documents PNG files. With -Platform AmoCrm a JPEG or GIF is a warning, since amoCRM also accepts jpeg and gif.",
                Docs.KommoImages),
            new AmoRuleInfo(RuleNames.AmoScriptMissing, AmoSeverity.Warning, "Script",
                "No script.js. amoCRM calls it a mandatory file, Kommo's structure table optional; a warning with -Platform Any or Kommo, an error with -Platform AmoCrm.",
                Docs.AmoStructure),
            new AmoRuleInfo(RuleNames.AmoScriptSyntax, AmoSeverity.Error, "Script",
                "script.js does not parse as JavaScript; reported with the line and column of the first syntax error.",
                Docs.KommoScript),
            new AmoRuleInfo(RuleNames.AmoCallbackMissing, AmoSeverity.Error, "Script",
                "A callback the widget needs is not in script.js's callbacks object: render, init, bind_actions, settings, onSave and destroy always, plus what each location needs (dpSettings, advancedSettings, leads.selected, loadPreloadedData...). A warning when no callbacks object can be found at all (bundled or generated code), since nothing can then be checked.",
                Docs.KommoScript),
            new AmoRuleInfo(RuleNames.AmoScriptDevLoader, AmoSeverity.Error, "Script",
                "script.js loads code from a loopback or private address (127.0.0.0/8, localhost, the IPv6 loopback, 10/8, 172.16/12, 192.168/16, 0.0.0.0, *.local): a require/define dependency, the src of a created script, $.getScript, fetch or import(). That is a development loader (Compress-AmoWidget -DevLoader writes one); on any other computer it loads nothing, and Kommo's checklist forbids loading code from other hosts.",
                Docs.KommoChecklist),
            new AmoRuleInfo(RuleNames.AmoRuntimeException, AmoSeverity.Error, "Runtime",
                "Test-AmoWidget -Runtime: a callback (or loading script.js) threw when the host ran it in a location; reported with the file, line and column, the location and the callback.",
                Docs.AmoScriptJs),
            new AmoRuleInfo(RuleNames.AmoRuntimeResultNotTrue, AmoSeverity.Error, "Runtime",
                "Test-AmoWidget -Runtime: init or bind_actions (or onSave) gave something other than true or a promise of true; the platform goes on only after true. render may give false to skip a page.",
                Docs.AmoScriptJs),
            new AmoRuleInfo(RuleNames.AmoRuntimeLimit, AmoSeverity.Error, "Runtime",
                "Test-AmoWidget -Runtime: a callback ran past the time limit (an endless loop), the memory limit, or the call depth limit (an endless recursion) and was stopped; in a browser it would hang or crash the page.",
                Docs.AmoScriptJs),
            new AmoRuleInfo(RuleNames.AmoRuntimeI18nKeyAbsent, AmoSeverity.Warning, "Runtime",
                "Test-AmoWidget -Runtime: the code read an i18n key (self.i18n, self.langs) that the widget's i18n file does not have, so the user sees undefined.",
                Docs.AmoMechanics),
            new AmoRuleInfo(RuleNames.AmoRuntimeSettingAbsent, AmoSeverity.Warning, "Runtime",
                "Test-AmoWidget -Runtime: the code read a setting from get_settings() that the manifest does not declare and that no value gave.",
                Docs.AmoMechanics),
            new AmoRuleInfo(RuleNames.AmoRuntimeAppWrite, AmoSeverity.Error, "Runtime",
                "Test-AmoWidget -Runtime: the code wrote to APP or AMOCRM (a property, or APP.constant with a value); the widget requirements allow reading the documented variables only.",
                Docs.AmoRequirements),
            new AmoRuleInfo(RuleNames.AmoRuntimeModuleUnknown, AmoSeverity.Error, "Runtime",
                "Test-AmoWidget -Runtime: script.js depends on a module that is neither one of the documented system modules nor a file of the widget, so requirejs fails and the widget never loads.",
                Docs.AmoModules),
            new AmoRuleInfo(RuleNames.AmoRuntimeCrmPostRate, AmoSeverity.Warning, "Runtime",
                "Test-AmoWidget -Runtime: crm_post was called more than once in one callback; the platform sends one request a second and queues the rest, so the user waits.",
                Docs.AmoMechanics),
            new AmoRuleInfo(RuleNames.AmoRuntimeHandlerRebound, AmoSeverity.Warning, "Runtime",
                "Test-AmoWidget -Runtime: after a walk between areas the same handler is bound more than once on document, window or body: bind_actions binds it at each area change and nothing unbinds it (off in destroy, or init_once), so it runs several times per event.",
                Docs.AmoInitOnce),
            new AmoRuleInfo(RuleNames.AmoArchiveNested, AmoSeverity.Error, "Archive",
                "manifest.json is not at the root of the archive (for example widget/manifest.json): the files must be at the root, the classic upload rejection.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveBackslash, AmoSeverity.Error, "Archive",
                "An entry name contains '\\' (Windows PowerShell 5.1's Compress-Archive writes them). The zip format uses '/', and a server reading the archive then finds no i18n or images folder.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveJunk, AmoSeverity.Warning, "Archive",
                "__MACOSX/ or .DS_Store entries: files the widget does not use, which the checklist asks to remove; harmless to the uploader, so a warning.",
                Docs.KommoChecklist),
            new AmoRuleInfo(RuleNames.AmoArchiveUnsafePath, AmoSeverity.Error, "Archive",
                "An entry name with a '..' segment, an absolute path (leading '/', drive letter), or a NUL or other control character: a path-traversal archive that no safe reader extracts, or a name that C-string readers cut short (\"script.js\\0.txt\" becomes script.js).",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveDuplicateEntry, AmoSeverity.Error, "Archive",
                "Two entries share a name, or have names that differ only in case. Readers disagree on which one they take (AmoWidget and the directory readers the first, unzip and Python the last; on Windows and macOS the case variants land in one file), so what is checked need not be what is installed.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveHeaderMismatch, AmoSeverity.Error, "Archive",
                "An entry's local header disagrees with its central-directory record (name, sizes, flags, method, CRC), or cannot be read. Readers that stream the archive see another file than readers of the directory; the entry is not checked.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveEncrypted, AmoSeverity.Error, "Archive",
                "An entry is encrypted (password-protected): amoCRM cannot read it, and nothing in it can be checked.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveZip64, AmoSeverity.Warning, "Archive",
                "The archive uses Zip64 records. Kommo's official packer turns Zip64 off, which suggests the uploader may not read it; inferred rather than documented, so a warning.",
                Docs.KommoStructure),
            new AmoRuleInfo(RuleNames.AmoArchiveName, AmoSeverity.Warning, "Archive",
                "The archive is not named widget.zip. amoCRM's upload page says the archive must be called widget.zip; the contents are what the uploader checks, so a warning. Compress-AmoWidget warns the same way about a -DestinationPath with another name.",
                Docs.AmoUpload),
        };

        private static readonly Dictionary<string, AmoRuleInfo> ByName = Rules.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

        /// <summary>Every rule, in catalog order (by area).</summary>
        public static IReadOnlyList<AmoRuleInfo> All => Rules;

        /// <summary>The rule with this name (case-insensitive), or null.</summary>
        public static AmoRuleInfo? Find(string name) => ByName.TryGetValue(name, out AmoRuleInfo? rule) ? rule : null;

        /// <summary>The rules by their exact name: the rules name themselves exactly, and an ordinal lookup costs less.</summary>
        private static readonly Dictionary<string, AmoRuleInfo> ByExactName = Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);

        internal static AmoRuleInfo Get(string name) =>
            (ByExactName.TryGetValue(name, out AmoRuleInfo? rule) ? rule : Find(name)) ?? throw new ArgumentException("Unknown rule " + name, nameof(name));
    }
}
