using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>AmoJsonInvalid, AmoJsonDuplicateKey, AmoFileHasBom: the rules about a JSON file as text.</summary>
    internal static class JsonRules
    {
        /// <summary>Parses a JSON file of the widget (an i18n file); an unreadable one is one AmoJsonInvalid finding and null, never an exception.</summary>
        public static JsonDocument? Parse(ValidationRun run, string file, byte[] utf8)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.ParseForChecking(utf8);
            }
            catch (JsonParseException ex)
            {
                Invalid(run, file, ex);
                return null;
            }

            CheckBom(run, file, document.HadBom);
            foreach (JsonProperty duplicate in document.DuplicateKeys)
            {
                if (Listed(run, file))
                {
                    Duplicate(run, file, duplicate.Key, duplicate.Parent?.Pointer ?? string.Empty, duplicate.Pointer, duplicate.Position);
                }
            }

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
                Invalid(run, file, ex);
                return null;
            }

            CheckBom(run, file, index.HadBom);
            foreach (int member in index.DuplicateKeys)
            {
                if (Listed(run, file))
                {
                    var duplicate = new JsonRef(index, member);
                    Duplicate(run, file, duplicate.Key!, duplicate.Parent.Pointer, duplicate.Pointer, duplicate.KeyPosition);
                }
            }

            return index;
        }

        public static void CheckBom(ValidationRun run, string file, bool hadBom)
        {
            if (hadBom)
            {
                run.Add(RuleNames.AmoFileHasBom, file, "The file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM.", line: 1, column: 1);
            }
        }

        public static bool HasBom(byte[] data) => data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;

        private static void Invalid(ValidationRun run, string file, JsonParseException ex) =>
            run.Add(RuleNames.AmoJsonInvalid, file, $"Not valid JSON: {ex.Reason}.", line: ex.Line, column: ex.Column);

        /// <summary>
        /// Whether the next AmoJsonDuplicateKey in the file is listed; past the rule's cap it is only counted here, and the
        /// caller builds no pointer for it (a hostile file repeats a key hundreds of thousands of times).
        /// </summary>
        private static bool Listed(ValidationRun run, string file)
        {
            if (run.Lists(RuleNames.AmoJsonDuplicateKey, file))
            {
                return true;
            }

            run.Omit(RuleNames.AmoJsonDuplicateKey, file);
            return false;
        }

        private static void Duplicate(ValidationRun run, string file, string key, string parentPointer, string pointer, (int Line, int Column) position) =>
            run.Add(RuleNames.AmoJsonDuplicateKey, file,
                $"Key \"{key}\" appears more than once in {JsonPointer.Display(parentPointer)}; readers keep only the last value.",
                line: position.Line, column: position.Column, pointer: pointer);
    }
}
