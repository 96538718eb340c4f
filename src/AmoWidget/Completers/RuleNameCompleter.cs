using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AmoWidget.Completers
{
    /// <summary>Completes validation rule names (-ExcludeRule, Get-AmoRule -Name), with each rule's description as the tooltip.</summary>
    public sealed class RuleNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            return AmoRuleCatalog.All
                .Where(r => pattern.IsMatch(r.Name))
                .Select(r => new CompletionResult(r.Name, r.Name, CompletionResultType.ParameterValue, $"{r.Severity}: {r.Description}"));
        }
    }
}
