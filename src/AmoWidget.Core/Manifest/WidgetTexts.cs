using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.IO;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>
    /// The i18n/&lt;lang&gt;.json files beside a manifest read from disk or from a zip, read on first use and kept,
    /// so that a manifest can show its texts (widget.name → "My widget") without the validator. A file that is
    /// missing, unreadable, past the i18n cap (AmoReadLimits.I18nBytes) or not a JSON object counts as having no
    /// keys: showing a name never fails.
    /// Sources: https://developers.kommo.com/docs/i18n (i18n/&lt;lang&gt;.json beside manifest.json) and
    /// https://developers.kommo.com/docs/manifest-json (manifest strings are dotted paths into them).
    /// </summary>
    internal sealed class WidgetTexts
    {
        /// <summary>A locale code as a file name: letters, digits, '-' and '_' only, so a manifest cannot point outside i18n/.</summary>
        private static readonly Regex LocaleName = new Regex("^[A-Za-z0-9_-]{1,16}$", RegexOptions.CultureInvariant);

        private readonly Func<string, byte[]?> read;
        /// <summary>
        /// Each language file's root object, read with the checker's reader (<see cref="JsonIndex"/>), as the validator
        /// reads it for AmoI18nKeyMissing; nothing for a file without keys. Never released: the texts keep them.
        /// </summary>
        private readonly Dictionary<string, JsonRef> files = new Dictionary<string, JsonRef>(StringComparer.Ordinal);

        /// <summary>Texts read through <paramref name="read"/>, which takes a name below the widget root ("i18n/ru.json") and gives its bytes, or null when there is no such file.</summary>
        public WidgetTexts(Func<string, byte[]?> read)
        {
            this.read = read;
        }

        /// <summary>The i18n folder beside a manifest.json on disk.</summary>
        public static WidgetTexts ForFile(string manifestFile)
        {
            string? folder = Path.GetDirectoryName(manifestFile);
            return new WidgetTexts(name => ReadFile(Path.Combine(folder ?? string.Empty, "i18n", name.Substring("i18n/".Length))));
        }

        /// <summary>The text of <paramref name="key"/> in the first of <paramref name="locales"/> whose file has it as a string; null when none does.</summary>
        public string? Find(IEnumerable<string> locales, string key)
        {
            foreach (string locale in locales)
            {
                if (I18nKeys.Find(Load(locale), key, out _).AsString() is string text)
                {
                    return text;
                }
            }

            return null;
        }

        private JsonRef Load(string locale)
        {
            if (!LocaleName.IsMatch(locale))
            {
                return default;
            }

            if (!files.TryGetValue(locale, out JsonRef root))
            {
                root = Read("i18n/" + locale + ".json");
                files[locale] = root;
            }

            return root;
        }

        private JsonRef Read(string name)
        {
            try
            {
                byte[]? bytes = read(name);
                return bytes == null ? default : JsonIndex.Parse(bytes).Root.AsObject;
            }
            catch (Exception ex) when (ex is AmoException || ex is JsonParseException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return default;
            }
        }

        /// <summary>Through SafeFile, as every reader of the module: a FIFO or device is not opened, and at most the i18n cap is read.</summary>
        private static byte[]? ReadFile(string path) =>
            File.Exists(path) ? SafeFile.ReadAll(path, AmoReadLimits.I18nBytes, length => new AmoException(ErrorIds.I18nTooLarge, AmoErrorKind.LimitsExceeded, $"'{path}' is {length} bytes or more; an i18n file is read up to {AmoReadLimits.I18nBytes} bytes.", path)) : null;
    }
}
