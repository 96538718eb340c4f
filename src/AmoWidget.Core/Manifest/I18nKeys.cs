using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>How a manifest's text keys (widget.name) name a value in an i18n/&lt;lang&gt;.json file.</summary>
    internal static class I18nKeys
    {
        /// <summary>
        /// The node a dotted i18n key names: the whole key as one property first (a flat file), then the nested path
        /// (widget.name → root.widget.name). Null when it names nothing, with <paramref name="missingPointer"/> the
        /// pointer of its first missing part; the one reading of keys AmoI18nKeyMissing and a manifest's DisplayName share.
        /// </summary>
        public static JsonNode? Find(JsonObject root, string key, out string? missingPointer)
        {
            missingPointer = null;
            if (root[key] is JsonNode flat)
            {
                return flat;
            }

            JsonNode current = root;
            string pointer = string.Empty;
            foreach (string part in key.Split('.'))
            {
                pointer += "/" + JsonPointer.Escape(part);
                if (current is not JsonObject obj || obj[part] is not JsonNode next)
                {
                    missingPointer = current is JsonObject ? pointer : pointer.Substring(0, pointer.LastIndexOf('/'));
                    return null;
                }

                current = next;
            }

            return current;
        }
    }
}
