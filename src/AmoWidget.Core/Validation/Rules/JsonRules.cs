using System;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>AmoJsonInvalid, AmoJsonDuplicateKey, AmoFileHasBom: the rules about a JSON file as text.</summary>
    internal static class JsonRules
    {
        /// <summary>
        /// Reads a JSON file of the widget (manifest.json, an i18n file) for the rules (<see cref="JsonIndex"/>), with the
        /// JSON rules' findings; unreadable, it is one AmoJsonInvalid finding and null, never an exception. The caller
        /// releases the index once its rules are done.
        /// </summary>
        public static JsonIndex? Parse(ValidationRun run, string file, byte[] utf8) => Parse(run, file, utf8, null);

        /// <summary>The same for text already decoded (a manifest given as a string).</summary>
        public static JsonIndex? Parse(ValidationRun run, string file, string text) => Parse(run, file, null, text);

        private static JsonIndex? Parse(ValidationRun run, string file, byte[]? utf8, string? text)
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

        public static bool HasBom(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;

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
