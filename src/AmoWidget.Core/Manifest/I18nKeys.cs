using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>How a manifest's text keys (widget.name) name a value in an i18n/&lt;lang&gt;.json file.</summary>
    internal static class I18nKeys
    {
        /// <summary>
        /// The value a dotted i18n key names in a language file's root object: the whole key as one member first (a flat
        /// file), then the nested path (widget.name → root.widget.name); a repeated key names its last member, as
        /// JavaScript reads it. Nothing when it names nothing, with <paramref name="missingPointer"/> the pointer of its
        /// first missing part. The one reading of keys AmoI18nKeyMissing and a manifest's DisplayName share: both read
        /// language files with <see cref="JsonIndex"/>.
        /// </summary>
        public static JsonRef Find(JsonRef root, string key, out string? missingPointer)
        {
            missingPointer = null;
            JsonRef flat = root[key];
            if (flat.Exists)
            {
                return flat;
            }

            JsonRef current = root;
            string pointer = string.Empty;
            foreach (string part in key.Split('.'))
            {
                pointer += "/" + JsonPointer.Escape(part);
                JsonRef next = current[part];
                if (!next.Exists)
                {
                    // Under a text, a number or a list the part cannot be added: the missing place is the value itself.
                    missingPointer = current.IsObject ? pointer : pointer.Substring(0, pointer.LastIndexOf('/'));
                    return default;
                }

                current = next;
            }

            return current;
        }
    }
}
