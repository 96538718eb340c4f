using System;
using System.Collections.Generic;
using AmoWidget.Json;
using AmoWidget.Schema;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The manifest schema judged over the document the rules parsed. Its errors become AmoFieldRequired / AmoFieldType /
    /// AmoInterfaceVersion / AmoSettingType / AmoDpActionMultipleMissing findings at the node's JSON pointer. Location and
    /// locale values are listed in the schema for completion, but judged by the C# rules, which know the platform and
    /// suggest names.
    /// </summary>
    internal static class SchemaRules
    {
        static SchemaRules()
        {
            // The rules' key and location names are registered with the key pool before the schema compiles, so that the
            // pool, the schema's tables and the rules' literals share one instance of each name (lookups then compare references).
            _ = AmoBlockCatalog.Places.Count + AmoLocationCatalog.All.Count;
        }

        public static void Check(ManifestContext context)
        {
            // Unknown keys are AmoKeyUnknown's (RuleFor gives their errors no rule), so the walk leaves them out.
            List<SchemaError>? errors = ManifestSchema.Schema.Evaluate(context.Root, context.HasRepeatedKeys, additionalProperties: false);
            if (errors == null)
            {
                return;
            }

            var seen = new HashSet<(string, string)>();
            foreach (SchemaError error in errors)
            {
                string? rule = RuleFor(error.Kind, error.Pointer);
                if (rule == null || !seen.Add((rule, error.Pointer)))
                {
                    continue;
                }

                context.At(rule, error.Pointer, Describe(error));
            }
        }

        /// <summary>The rule a schema error belongs to, or null when a C# rule owns that place.</summary>
        internal static string? RuleFor(SchemaErrorKind kind, string pointer)
        {
            // Unknown keys are AmoKeyUnknown's, which names the nearest documented key and the block a misplaced one belongs in.
            if (kind == SchemaErrorKind.NoAdditionalPropertiesAllowed)
            {
                return null;
            }

            bool enumeration = kind == SchemaErrorKind.NotInEnumeration;
            if (enumeration && (IsItemOf(pointer, "/locations/") || IsItemOf(pointer, "/widget/locale/")))
            {
                return null;
            }

            if (kind == SchemaErrorKind.PropertyRequired)
            {
                return pointer == "/dp/action_multiple" ? RuleNames.AmoDpActionMultipleMissing : RuleNames.AmoFieldRequired;
            }

            if (pointer == "/widget/interface_version")
            {
                return RuleNames.AmoInterfaceVersion;
            }

            if (enumeration && IsSettingType(pointer))
            {
                return RuleNames.AmoSettingType;
            }

            return kind == SchemaErrorKind.TooFewItems ? RuleNames.AmoFieldRequired : RuleNames.AmoFieldType;
        }

        internal static bool IsItemOf(string pointer, string arrayPrefix) =>
            pointer.StartsWith(arrayPrefix, StringComparison.Ordinal) && pointer.IndexOf('/', arrayPrefix.Length) < 0;

        private static bool IsSettingType(string pointer)
        {
            string[] parts = pointer.Split('/');
            if (parts.Length < 3 || parts[parts.Length - 1] != "type")
            {
                return false;
            }

            return (parts.Length == 4 && parts[1] == "settings")
                || (parts.Length == 5 && parts[1] == "dp" && parts[2] == "settings")
                || (parts.Length == 6 && parts[1] == "salesbot_designer" && parts[3] == "settings");
        }

        private static string Describe(SchemaError error)
        {
            string pointer = error.Pointer;
            JsonRef node = error.Node;
            string where = JsonPointer.Display(pointer);
            switch (error.Kind)
            {
                case SchemaErrorKind.PropertyRequired:
                    return $"{where} is required but missing.";
                case SchemaErrorKind.NotInEnumeration:
                    return $"{where} is {Shown(node, pointer)}; allowed: {error.Schema.Allowed}.";
                case SchemaErrorKind.TooFewItems:
                    return $"{where} is empty; list at least one value.";
                default:
                    string expected = Expected(error.Kind);
                    return expected.Length == 0
                        ? $"{where} does not match the manifest schema ({error.Kind})."
                        : $"{where} must be {expected}, not {KindName(node)} {Shown(node, pointer)}.";
            }
        }

        private static string Expected(SchemaErrorKind kind) => kind switch
        {
            SchemaErrorKind.StringExpected => "a string",
            SchemaErrorKind.BooleanExpected => "a boolean (true or false)",
            SchemaErrorKind.IntegerExpected => "an integer",
            SchemaErrorKind.NumberExpected => "a number",
            SchemaErrorKind.ObjectExpected => "an object",
            SchemaErrorKind.ArrayExpected => "an array",
            _ => string.Empty,
        };

        private static string KindName(JsonRef node) => node.Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "the string",
            JsonKind.Number => "the number",
            JsonKind.Boolean => "the boolean",
            _ => "null",
        };

        // Scalar values are quoted so the user sees what is there; never a secret key's value.
        private static string Shown(JsonRef node, string pointer)
        {
            if (node.Kind == JsonKind.Object || node.Kind == JsonKind.Array || pointer == "/widget/secret_key")
            {
                return string.Empty;
            }

            string raw = node.RawText;
            return raw.Length > 40 ? raw.Substring(0, 37) + "..." : raw;
        }
    }
}
