using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace AmoWidget
{
    /// <summary>
    /// Shared plumbing of every AmoWidget cmdlet: ErrorRecords built one way everywhere, and the one place where a
    /// failure that the cmdlet did not turn into an ErrorRecord itself gets one (an AmoWidget ErrorId, the most specific
    /// category), so that no raw .NET exception leaves a cmdlet. A cmdlet overrides <see cref="BeginProcessingCore"/>,
    /// <see cref="ProcessRecordCore"/> and <see cref="EndProcessingCore"/>: a failure in BeginProcessing stops the
    /// command, one in ProcessRecord is a non-terminating error and the pipeline goes on with the next input.
    /// PowerShell's own flow control (Ctrl+C, -ErrorAction Stop, ThrowTerminatingError) passes through untouched.
    /// </summary>
    public abstract class AmoCmdlet : PSCmdlet
    {
        /// <summary>How deep -Settings, -Body and other structured parameters are searched for invalid text.</summary>
        private const int MaxTextCheckDepth = 16;

        /// <summary>
        /// The category of a file-system failure the runtime does not name more precisely: ReadError by default,
        /// WriteError for the cmdlets that write files.
        /// </summary>
        protected virtual AmoErrorKind FileErrorKind => AmoErrorKind.ReadError;

        protected sealed override void BeginProcessing() => Guard(terminating: true, () =>
        {
            CheckParameterText();
            BeginProcessingCore();
        });

        // Parameters bound from the pipeline are new for each input; those of the command line passed in BeginProcessing.
        protected sealed override void ProcessRecord() => Guard(terminating: false, () =>
        {
            CheckParameterText();
            ProcessRecordCore();
        });

        protected sealed override void EndProcessing() => Guard(terminating: false, EndProcessingCore);

        /// <summary>What the cmdlet does once before the first input; a failure stops the command.</summary>
        protected virtual void BeginProcessingCore()
        {
        }

        /// <summary>What the cmdlet does for each input; a failure is reported and the pipeline goes on.</summary>
        protected virtual void ProcessRecordCore()
        {
        }

        /// <summary>What the cmdlet does once after the last input.</summary>
        protected virtual void EndProcessingCore()
        {
        }

        /// <summary>
        /// The ErrorRecord for any failure: an AmoException as it is, PowerShell's path errors as PathNotFound, anything
        /// else through <see cref="UnexpectedErrors.Classify"/>.
        /// </summary>
        internal ErrorRecord ToErrorRecord(Exception ex)
        {
            if (ex is ProviderInvocationException provider && provider.InnerException != null)
            {
                ex = provider.InnerException;
            }

            if (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                return NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, ex.Message, null, ex);
            }

            // The engine's own failures (a parameter it could not bind, a host that cannot prompt, a provider's refusal)
            // carry the ErrorRecord PowerShell made for them: they are reported in its words, never as a bug of AmoWidget.
            if (ex is IContainsErrorRecord engine && engine.ErrorRecord != null)
            {
                return new ErrorRecord(engine.ErrorRecord, ex);
            }

            return ToErrorRecord(UnexpectedErrors.Classify(ex, FileErrorKind));
        }

        /// <summary>
        /// ShouldProcess as every AmoWidget cmdlet calls it: where it would ask and the host cannot (pwsh
        /// -NonInteractive, a build server, a runspace without a UI), the command stops with ConfirmationRequired, which
        /// names -Confirm:$false, instead of the host's "Read and Prompt functionality is not available".
        /// </summary>
        public new bool ShouldProcess(string target, string action)
        {
            try
            {
                return base.ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is System.Management.Automation.Host.HostException || ex is PSInvalidOperationException)
            {
                ThrowTerminatingError(NewError(ErrorIds.ConfirmationRequired, ErrorCategory.InvalidOperation,
                    $"{MyInvocation.MyCommand.Name} asks before it does this ({action}: {target}), and this PowerShell session cannot ask: "
                    + "it is not interactive (pwsh -NonInteractive, a build server, a runspace without a host). "
                    + "Add -Confirm:$false to go ahead without asking, or -WhatIf to see what it would do.",
                    target, ex, recommendedAction: "Add -Confirm:$false (or set $ConfirmPreference = 'None' for the script)."));
                return false;
            }
        }

        /// <summary>Runs a step of the cmdlet; whatever it throws, except PowerShell's flow control, becomes an ErrorRecord.</summary>
        private void Guard(bool terminating, Action step)
        {
            try
            {
                step();
            }
            catch (Exception ex) when (!IsFlowControl(ex))
            {
                ErrorRecord record = ToErrorRecord(ex);
                if (terminating)
                {
                    ThrowTerminatingError(record);
                }
                else
                {
                    WriteError(record);
                }
            }
        }

        /// <summary>Exceptions that are PowerShell's own way of stopping a pipeline, never failures to report.</summary>
        private static bool IsFlowControl(Exception ex) =>
            ex is PipelineStoppedException
            || ex is ActionPreferenceStopException
            || ex is PipelineClosedException
            || ex is HaltCommandException;

        /// <summary>
        /// Refuses a bound text parameter (strings, string arrays, URIs, and the strings inside hashtables and arrays)
        /// holding a lone UTF-16 surrogate: it is not Unicode text, UTF-8 cannot encode it, and every value a cmdlet
        /// takes ends in a file, a file name, a manifest or a request. ErrorId ParameterTextInvalid.
        /// </summary>
        private void CheckParameterText()
        {
            foreach (KeyValuePair<string, object> parameter in MyInvocation.BoundParameters)
            {
                string? problem = TextProblem(parameter.Value, 0);
                if (problem != null)
                {
                    throw new AmoException(ErrorIds.ParameterTextInvalid, AmoErrorKind.InvalidArgument,
                        $"-{parameter.Key} {problem}: it is not Unicode text, and no file, manifest or request can hold it.", parameter.Key);
                }
            }
        }

        private static string? TextProblem(object? value, int depth)
        {
            switch (value)
            {
                case null:
                    return null;
                case PSObject pso when pso.BaseObject is PSCustomObject && depth < MaxTextCheckDepth:
                    foreach (PSPropertyInfo property in pso.Properties)
                    {
                        string? problem = TextProblem(property.Name, depth + 1) ?? TextProblem(property.Value, depth + 1);
                        if (problem != null)
                        {
                            return problem + $" (in the property '{TextChecks.Shorten(property.Name)}')";
                        }
                    }

                    return null;
                case PSObject pso:
                    return TextProblem(pso.BaseObject, depth);
                case string text:
                    int index = TextChecks.IndexOfLoneSurrogate(text);
                    return index < 0 ? null : $"holds a lone surrogate (U+{(int)text[index]:X4}) at character {index + 1}";
                case Uri uri:
                    return TextProblem(uri.OriginalString, depth);
                case SecureString _:
                    return null;
                case IDictionary dictionary when depth < MaxTextCheckDepth:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        string? problem = TextProblem(entry.Key, depth + 1) ?? TextProblem(entry.Value, depth + 1);
                        if (problem != null)
                        {
                            return problem + $" (in the entry '{TextChecks.Shorten(entry.Key?.ToString() ?? string.Empty)}')";
                        }
                    }

                    return null;
                case IList list when depth < MaxTextCheckDepth:
                    foreach (object? item in list)
                    {
                        string? problem = TextProblem(item, depth + 1);
                        if (problem != null)
                        {
                            return problem;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>Builds the ErrorRecord for a core failure: its ErrorId, the matching category, its target.</summary>
        protected internal static ErrorRecord ToErrorRecord(AmoException ex, object? target = null)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, ToCategory(ex.Kind), target ?? ex.Target);
            if (ex.RecommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = Printable.Escape(ex.RecommendedAction) };
            }

            return record;
        }

        /// <summary>
        /// Builds an ErrorRecord for a failure found in the cmdlet itself. The message is escaped to one line
        /// (<see cref="Printable.Escape"/>) unless <paramref name="ownLines"/> says its line breaks are the cmdlet's
        /// own and every piece of outside text in it was escaped already.
        /// </summary>
        protected internal static ErrorRecord NewError(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null, string? recommendedAction = null, bool ownLines = false)
        {
            message = ownLines ? message : Printable.Escape(message);
            Exception ex = category switch
            {
                ErrorCategory.InvalidArgument => new ArgumentException(message, inner),
                ErrorCategory.ObjectNotFound => new ItemNotFoundException(message, inner),
                ErrorCategory.ResourceExists => new System.IO.IOException(message, inner),
                _ => new InvalidOperationException(message, inner),
            };
            var record = new ErrorRecord(ex, errorId, category, target);
            if (recommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            }

            return record;
        }

        /// <summary>A warning, escaped to one line: warnings quote keys, values and paths, and end in CI logs.</summary>
        protected new void WriteWarning(string text) => base.WriteWarning(Printable.Escape(text));

        /// <summary>A verbose line, escaped to one line as warnings are.</summary>
        protected new void WriteVerbose(string text) => base.WriteVerbose(Printable.Escape(text));

        /// <summary>Writes a core failure as a non-terminating error: the pipeline goes on with the next item.</summary>
        protected void WriteAmoError(AmoException ex, object? target = null) => WriteError(ToErrorRecord(ex, target));

        /// <summary>Stops the command with a core failure.</summary>
        protected void ThrowAmoError(AmoException ex, object? target = null) => ThrowTerminatingError(ToErrorRecord(ex, target));

        /// <summary>
        /// A -Name, -Code or -ExcludeRule wildcard, read before it is used: a pattern PowerShell cannot read (an open
        /// bracket, 'lcard[') is AmoException WildcardInvalid naming it, not the engine's own error, which carries no
        /// ErrorId of the module and comes only at the first match.
        /// </summary>
        protected static WildcardPattern Wildcard(string pattern)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            try
            {
                wildcard.IsMatch(string.Empty);
            }
            catch (WildcardPatternException ex)
            {
                throw new AmoException(ErrorIds.WildcardInvalid, AmoErrorKind.InvalidArgument,
                    $"'{pattern}' is not a wildcard pattern PowerShell can read ({ex.Message}); write a bracket that is part of the name as `[ or `].", pattern, ex);
            }

            return wildcard;
        }

        /// <summary>
        /// <see cref="Wildcard"/> for a cmdlet that goes on with its next name: a pattern it cannot read is written as
        /// a WildcardInvalid error and gives null.
        /// </summary>
        protected WildcardPattern? TryWildcard(string pattern)
        {
            try
            {
                return Wildcard(pattern);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return null;
            }
        }

        /// <summary>
        /// Resolves one -Path (wildcards) or -LiteralPath value to file-system paths. A missing path without wildcards,
        /// or a missing drive, is a PathNotFound error, a path of another provider PathNotFileSystem; either gives
        /// nothing back and the caller goes on with its next path. A wildcard that matches nothing gives nothing,
        /// and the caller decides whether that is an error (<paramref name="errorWhenNoMatch"/>), except that one whose
        /// only wildcards are brackets is PathNotFound for every caller.
        /// </summary>
        protected IReadOnlyList<string> ResolveFileSystemPaths(string path, bool literal, bool errorWhenNoMatch = false)
        {
            string? problem = TextChecks.PathProblem(path);
            if (problem != null)
            {
                WriteError(NewError(ErrorIds.PathInvalid, ErrorCategory.InvalidArgument, $"Cannot use the path '{TextChecks.Shorten(path)}': {problem}.", path));
                return Array.Empty<string>();
            }

            try
            {
                ProviderInfo provider;
                IReadOnlyList<string> found = literal
                    ? new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) }
                    : SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                if (provider.Name != "FileSystem")
                {
                    WriteError(NewError(ErrorIds.PathNotFileSystem, ErrorCategory.InvalidArgument,
                        $"'{TextChecks.Shorten(path)}' is a path of the {provider.Name} provider, not of the file system; AmoWidget reads files, folders and .zip archives.", path));
                    return Array.Empty<string>();
                }

                // A wildcard that matches nothing resolves without an error, as Get-Item's does; a checker says so
                // (nothing checked must not pass in silence), and so does any reader when the only wildcards are
                // brackets: that is a folder named "my [x] widget" far more often than a character class.
                bool brackets = path.IndexOf('*') < 0 && path.IndexOf('?') < 0;
                if (found.Count == 0 && (errorWhenNoMatch || brackets))
                {
                    WriteError(NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the path '{TextChecks.Shorten(path)}': nothing matches it.", path,
                        recommendedAction: brackets ? "[ ] in a path is a wildcard to -Path; give -LiteralPath to read the name as it is." : null));
                }

                return found;
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the path '{TextChecks.Shorten(path)}': it does not exist.", path, ex));
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is NotSupportedException)
            {
                WriteError(NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the path '{TextChecks.Shorten(path)}': {ex.Message}", path, ex));
            }

            return Array.Empty<string>();
        }

        /// <summary>
        /// Resolves a path taken literally (no wildcards: a file about to be written has no name to match yet) to a
        /// full file-system path, relative to the current location. Throws AmoException PathInvalid (empty, white
        /// space, a NUL or other character no file name may hold), PathNotFound (a drive or provider that does not
        /// exist) or PathNotFileSystem (a path of another provider, such as Env: or HKLM:).
        /// </summary>
        protected string ResolveLiteralPath(string path)
        {
            string? problem = TextChecks.PathProblem(path);
            if (problem != null)
            {
                throw new AmoException(ErrorIds.PathInvalid, AmoErrorKind.InvalidArgument, $"Cannot use the path '{TextChecks.Shorten(path)}': {problem}.", path);
            }

            string full;
            ProviderInfo provider;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception ex) when (ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is ItemNotFoundException)
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the path '{TextChecks.Shorten(path)}': {ex.Message}", path, ex);
            }

            if (provider.Name != "FileSystem")
            {
                throw new AmoException(ErrorIds.PathNotFileSystem, AmoErrorKind.InvalidArgument, $"'{TextChecks.Shorten(path)}' is a path of the {provider.Name} provider, not of the file system; AmoWidget works with files and folders.", path);
            }

            return full;
        }

        public static ErrorCategory ToCategory(AmoErrorKind kind) => kind switch
        {
            AmoErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            AmoErrorKind.InvalidData => ErrorCategory.InvalidData,
            AmoErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            AmoErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            AmoErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            AmoErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            AmoErrorKind.ReadError => ErrorCategory.ReadError,
            AmoErrorKind.WriteError => ErrorCategory.WriteError,
            AmoErrorKind.ParserError => ErrorCategory.ParserError,
            AmoErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            AmoErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            AmoErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            AmoErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            AmoErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            AmoErrorKind.OperationStopped => ErrorCategory.OperationStopped,
            AmoErrorKind.SecurityError => ErrorCategory.SecurityError,
            AmoErrorKind.ProtocolError => ErrorCategory.ProtocolError,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
