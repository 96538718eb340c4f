using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AmoWidget.Completers
{
    /// <summary>Completes location names from the catalog, each with its area and description as the tooltip.</summary>
    public sealed class LocationNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompleterText.Unquote(wordToComplete);
            return AmoLocationCatalog.All
                .Where(l => CompleterText.Matches(typed, l.Name))
                .Select(l => new CompletionResult(l.Name, l.Name, CompletionResultType.ParameterValue,
                    $"{l.Description} ({l.Area}{(l.TakesSuffix ? ", takes -RightColumn" : string.Empty)})"));
        }
    }
}
