using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AmoWidget.Completers
{
    /// <summary>Completes New-AmoWidget -Location from the catalog, with each location's description and area as the tooltip.</summary>
    public sealed class WidgetLocationCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return AmoLocationCatalog.All
                .Where(l => l.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(l => new CompletionResult(l.Name, l.Name, CompletionResultType.ParameterValue, $"{l.Description} ({l.Area})"));
        }
    }
}
