using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ExCSS;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The moderation rules about a widget's CSS: selectors scoped to the widget (amoCRM requirements §3.1.4,
    /// https://www.amocrm.ru/developers/content/integrations/requirements), the host's --palette-* variables left alone
    /// and dark values only under :root[data-color-scheme="dark"] (https://www.amocrm.ru/developers/content/web_sdk/dark_theme,
    /// https://developers.kommo.com/docs/dark-theme).
    /// The CSS is parsed with ExCSS rather than AngleSharp.Css: both restore for netstandard2.0, but ExCSS has no
    /// dependencies (AngleSharp.Css needs AngleSharp's whole DOM) and keeps each rule's line and column
    /// (StylesheetText.Range), which the findings need. What is read of a selector is its text as ExCSS writes it back:
    /// the first compound selector of each comma-separated part, which ExCSS's selector classes do not expose.
    /// </summary>
    internal static class ModerationStyleRules
    {
        /// <summary>Class prefixes of the host's own interface (the list is not published; these are the ones the requirements and real widgets name).</summary>
        private static readonly string[] HostClassPrefixes =
        {
            "control-", "card-widgets", "modal-", "modal__", "js-", "digital-pipeline__", "switcher", "button-input", "widget-settings__",
        };

        private static readonly Regex SwitcherClass = new Regex(@"\.switcher__?(on|off)(?![\w-])", RegexOptions.CultureInvariant);

        private static readonly Regex DarkRoot = new Regex(@"^:root\[data-color-scheme=(""dark""|'dark'|dark)\]", RegexOptions.CultureInvariant);

        public static void Check(ValidationRun run, string display, string css)
        {
            Stylesheet sheet;
            try
            {
                // Unknown rules and declarations kept (custom properties are "unknown" to ExCSS), invalid selectors tolerated.
                sheet = new StylesheetParser(true, true, true, true, true, false, false).Parse(css);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // ExCSS is tolerant and recovers from bad CSS; a failure here is a parser defect: nothing can be said of the file.
                return;
            }

            Walk(run, display, sheet);
        }

        private static void Walk(ValidationRun run, string display, IStylesheetNode node)
        {
            foreach (IStylesheetNode child in node.Children)
            {
                switch (child)
                {
                    case IStyleRule rule:
                        CheckRule(run, display, rule, child);
                        break;
                    case IKeyframesRule:
                    case IFontFaceRule:
                        break;
                    case IMediaRule media:
                        if (media.ConditionText?.IndexOf("prefers-color-scheme", StringComparison.OrdinalIgnoreCase) >= 0
                            && media.ConditionText.IndexOf("dark", StringComparison.OrdinalIgnoreCase) >= 0)
                        {
                            Add(run, display, RuleNames.AmoCssDarkOutsideRoot, child,
                                "@media (prefers-color-scheme: dark) follows the system's theme and ignores the user's choice in amoCRM; dark values belong under :root[data-color-scheme=\"dark\"].",
                                "Declare the dark values of your variables in :root[data-color-scheme=\"dark\"] { ... }.");
                        }

                        Walk(run, display, child);
                        break;
                    case IRule:
                        Walk(run, display, child);
                        break;
                }
            }
        }

        private static void CheckRule(ValidationRun run, string display, IStyleRule rule, IStylesheetNode node)
        {
            List<string> properties = rule.Style.Children.OfType<Property>().Select(p => p.Name).ToList();
            foreach (string name in properties.Where(p => p.StartsWith("--palette-", StringComparison.OrdinalIgnoreCase)).Distinct())
            {
                Add(run, display, RuleNames.AmoCssPaletteRedefined, node,
                    $"{name} is declared in \"{Shorten(rule.SelectorText)}\"; --palette-* variables are the host's, and the dark-theme rules forbid redefining them.",
                    "Use var(" + name + ") as it is, or declare a variable of your own with the widget's code in its name.");
            }

            foreach (string selector in SplitSelectors(rule.SelectorText ?? string.Empty))
            {
                string first = FirstCompound(selector);
                string? problem = Unscoped(first, properties);
                if (problem != null)
                {
                    Add(run, display, RuleNames.AmoCssGlobalSelector, node,
                        $"the selector \"{Shorten(selector)}\" {problem}, so it styles the host's page too; both platforms require selectors under the widget's own root.",
                        "Start it with the widget's root (#<widget code> or a class only the widget uses).");
                }

                if (selector.IndexOf("data-color-scheme", StringComparison.OrdinalIgnoreCase) >= 0 && !DarkRoot.IsMatch(selector))
                {
                    Add(run, display, RuleNames.AmoCssDarkOutsideRoot, node,
                        $"the selector \"{Shorten(selector)}\" reads data-color-scheme elsewhere than on :root; the host sets it on html, and the dark-theme pages declare dark values under :root[data-color-scheme=\"dark\"].",
                        "Declare dark values of your variables in :root[data-color-scheme=\"dark\"] { ... } and use the variables in the widget's rules.");
                }

                if (SwitcherClass.Match(selector) is Match { Success: true } switcher)
                {
                    Add(run, display, RuleNames.AmoSwitcherClass, node,
                        $"the selector \"{Shorten(selector)}\" relies on the host's switcher class {switcher.Value.Substring(1)}, which both platforms forbid.",
                        "Style the widget's own elements, and read the checkbox state with .val().");
                }
            }
        }

        /// <summary>Why a first compound selector is not scoped to the widget, or null when it is (an id, a class of the widget's, :root with variables only).</summary>
        private static string? Unscoped(string compound, List<string> properties)
        {
            if (compound.Length == 0)
            {
                return null;
            }

            if (compound.StartsWith(":root", StringComparison.OrdinalIgnoreCase))
            {
                return properties.All(p => p.StartsWith("--", StringComparison.Ordinal)) ? null : "sets properties on :root (only variables belong there)";
            }

            bool hasId = false;
            string? hostClass = null;
            bool hasOwnClass = false;
            foreach (Match part in Regex.Matches(compound, @"([#.])((?:\\.|[\w-])+)"))
            {
                if (part.Groups[1].Value == "#")
                {
                    hasId = true;
                }
                else if (HostClassPrefixes.Any(h => part.Groups[2].Value.StartsWith(h, StringComparison.Ordinal)))
                {
                    hostClass ??= part.Groups[2].Value;
                }
                else
                {
                    hasOwnClass = true;
                }
            }

            if (hasId || hasOwnClass)
            {
                return null;
            }

            if (hostClass != null)
            {
                return $"starts with the host's class .{hostClass}";
            }

            char c = compound[0];
            return c == '*' ? "starts with *"
                : c == '[' ? "starts with an attribute selector"
                : c == ':' ? "starts with a pseudo-class"
                : $"starts with the element {Regex.Match(compound, @"^[\w-]+").Value}";
        }

        /// <summary>The parts of a selector list, split at commas outside brackets, parentheses and quotes.</summary>
        internal static IEnumerable<string> SplitSelectors(string text)
        {
            int depth = 0, start = 0;
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    quote = c == '\\' ? quote : c == quote ? '\0' : quote;
                    i += c == '\\' ? 1 : 0;
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == '(' || c == '[')
                {
                    depth++;
                }
                else if (c == ')' || c == ']')
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    yield return text.Substring(start, i - start).Trim();
                    start = i + 1;
                }
            }

            yield return text.Substring(start).Trim();
        }

        /// <summary>The first compound selector: the text up to the first combinator (space, &gt;, +, ~) outside brackets and parentheses.</summary>
        internal static string FirstCompound(string selector)
        {
            int depth = 0;
            for (int i = 0; i < selector.Length; i++)
            {
                char c = selector[i];
                if (c == '(' || c == '[')
                {
                    depth++;
                }
                else if (c == ')' || c == ']')
                {
                    depth--;
                }
                else if (depth == 0 && (char.IsWhiteSpace(c) || c == '>' || c == '+' || c == '~'))
                {
                    return selector.Substring(0, i);
                }
            }

            return selector;
        }

        private static void Add(ValidationRun run, string display, string rule, IStylesheetNode node, string message, string suggestion)
        {
            TextPosition start = node.StylesheetText?.Range.Start ?? TextPosition.Empty;
            run.Add(rule, display, message, suggestion, line: start.Line, column: start.Column);
        }

        private static string Shorten(string? text)
        {
            string line = (text ?? string.Empty).Replace('\n', ' ');
            return line.Length <= 100 ? line : line.Substring(0, 100) + "...";
        }
    }
}
