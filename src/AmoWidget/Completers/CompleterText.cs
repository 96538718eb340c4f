using System;
using System.Management.Automation;

namespace AmoWidget.Completers
{
    internal static class CompleterText
    {
        /// <summary>The word without the quote a user may have opened it with.</summary>
        public static string Unquote(string? word)
        {
            string text = word ?? string.Empty;
            return text.Trim('\'', '"');
        }

        /// <summary>A prefix match, or a wildcard match when the user typed one (*card finds every card).</summary>
        public static bool Matches(string typed, string candidate)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(typed))
            {
                return candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
            }

            try
            {
                return new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase).IsMatch(candidate);
            }
            catch (WildcardPatternException)
            {
                return false;
            }
        }
    }
}
