using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AmoWidget.Completers
{
    /// <summary>Completes the setting types of settings and dp.settings, each with what it shows in amoCRM.</summary>
    public sealed class SettingTypeCompleter : IArgumentCompleter
    {
        private static readonly (string Type, string Tip)[] Types =
        {
            ("text", "A text input"),
            ("pass", "A password input: the value is hidden in the settings form"),
            ("users", "A list of the account's users, each with a text input"),
            ("users_lp", "A list of the account's users, each with a login and a password"),
            ("custom", "A field the widget's script.js draws itself"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompleterText.Unquote(wordToComplete);
            return Types
                .Where(t => t.Type.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(t => new CompletionResult(t.Type, t.Type, CompletionResultType.ParameterValue, t.Tip));
        }
    }
}
