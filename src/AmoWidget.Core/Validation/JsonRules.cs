using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>AmoJsonInvalid, AmoJsonDuplicateKey, AmoFileHasBom: the rules about a JSON file as text.</summary>
    internal static class JsonRules
    {
        /// <summary>Parses a JSON file of the widget; an unreadable one is one AmoJsonInvalid finding and null, never an exception.</summary>
        public static JsonDocument? Parse(ValidationRun run, string file, byte[] utf8) => Parse(run, file, () => JsonDocument.ParseForChecking(utf8));

        /// <summary>The same for text already decoded (a manifest given as a string).</summary>
        public static JsonDocument? Parse(ValidationRun run, string file, string text) => Parse(run, file, () => JsonDocument.ParseForChecking(text));

        private static JsonDocument? Parse(ValidationRun run, string file, System.Func<JsonDocument> parse)
        {
            JsonDocument document;
            try
            {
                document = parse();
            }
            catch (JsonParseException ex)
            {
                run.Add("AmoJsonInvalid", file, $"Not valid JSON: {ex.Reason}.", line: ex.Line, column: ex.Column);
                return null;
            }

            CheckBom(run, file, document.HadBom);
            CheckDuplicateKeys(run, file, document);
            return document;
        }

        /// <summary>Reads a manifest for the manifest rules (<see cref="JsonIndex"/>); unreadable, it is one AmoJsonInvalid finding and null.</summary>
        public static JsonIndex? ParseManifest(ValidationRun run, string file, byte[] utf8) => ParseManifest(run, file, utf8, null);

        /// <summary>The same for text already decoded (a manifest given as a string).</summary>
        public static JsonIndex? ParseManifest(ValidationRun run, string file, string text) => ParseManifest(run, file, null, text);

        private static JsonIndex? ParseManifest(ValidationRun run, string file, byte[]? utf8, string? text)
        {
            JsonIndex index;
            try
            {
                index = utf8 != null ? JsonIndex.Parse(utf8) : JsonIndex.Parse(text!);
            }
            catch (JsonParseException ex)
            {
                run.Add("AmoJsonInvalid", file, $"Not valid JSON: {ex.Reason}.", line: ex.Line, column: ex.Column);
                return null;
            }

            CheckBom(run, file, index.HadBom);
            foreach (int member in index.DuplicateKeys)
            {
                if (!run.Lists("AmoJsonDuplicateKey", file))
                {
                    run.Omit("AmoJsonDuplicateKey", file);
                    continue;
                }

                var duplicate = new JsonRef(index, member);
                (int line, int column) = duplicate.KeyPosition;
                run.Add("AmoJsonDuplicateKey", file,
                    $"Key \"{duplicate.Key}\" appears more than once in {ManifestSchema.Display(duplicate.Parent.Pointer)}; readers keep only the last value.",
                    line: line, column: column, pointer: duplicate.Pointer);
            }

            return index;
        }

        public static void CheckBom(ValidationRun run, string file, bool hadBom)
        {
            if (hadBom)
            {
                run.Add("AmoFileHasBom", file, "The file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM.", line: 1, column: 1);
            }
        }

        public static bool HasBom(byte[] data) => data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;

        private static void CheckDuplicateKeys(ValidationRun run, string file, JsonDocument document)
        {
            foreach (JsonProperty duplicate in document.DuplicateKeys)
            {
                if (!run.Lists("AmoJsonDuplicateKey", file))
                {
                    run.Omit("AmoJsonDuplicateKey", file);
                    continue;
                }

                (int line, int column) = duplicate.Position;
                run.Add("AmoJsonDuplicateKey", file,
                    $"Key \"{duplicate.Key}\" appears more than once in {ManifestSchema.Display(duplicate.Parent?.Pointer ?? string.Empty)}; readers keep only the last value.",
                    line: line, column: column, pointer: duplicate.Pointer);
            }
        }
    }
}
