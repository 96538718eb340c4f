using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace AmoWidget.Api
{
    /// <summary>
    /// Completes widget codes from the connected account (the -Connection being typed, or the session's default).
    /// The list is read once per connection; without a connection nothing is offered rather than an error.
    /// </summary>
    public sealed class WidgetCodeCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            AmoConnection? connection = Unwrap(fakeBoundParameters?["Connection"]) ?? ConnectionStore.Current;
            if (connection == null || !connection.IsConnected)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string[] codes;
            try
            {
                using var patience = new CancellationTokenSource(Patience);
                codes = AmoAccountApi.GetWidgetCodesAsync(connection, patience.Token).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is AmoException || ex is OperationCanceledException)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return codes.Where(c => pattern.IsMatch(c)).Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, c)).ToList();
        }

        private static AmoConnection? Unwrap(object? value) => (value is PSObject pso ? pso.BaseObject : value) as AmoConnection;
    }
}
