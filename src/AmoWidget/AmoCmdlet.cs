using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AmoWidget
{
    /// <summary>Shared plumbing of every AmoWidget cmdlet: ErrorRecords built one way everywhere.</summary>
    public abstract class AmoCmdlet : PSCmdlet
    {
        /// <summary>Builds the ErrorRecord for a core failure: its ErrorId, the matching category, its target.</summary>
        protected internal static ErrorRecord ToErrorRecord(AmoException ex, object? target = null)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, ToCategory(ex.Kind), target ?? ex.Target);
            if (ex.RecommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            }

            return record;
        }

        /// <summary>Builds an ErrorRecord for a failure found in the cmdlet itself.</summary>
        protected internal static ErrorRecord NewError(string errorId, ErrorCategory category, string message, object? target, Exception? inner = null, string? recommendedAction = null)
        {
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

        /// <summary>Writes a core failure as a non-terminating error: the pipeline goes on with the next item.</summary>
        protected void WriteAmoError(AmoException ex, object? target = null) => WriteError(ToErrorRecord(ex, target));

        /// <summary>Stops the command with a core failure.</summary>
        protected void ThrowAmoError(AmoException ex, object? target = null) => ThrowTerminatingError(ToErrorRecord(ex, target));

        /// <summary>
        /// Resolves one -Path (wildcards) or -LiteralPath value to file-system paths. A missing path without wildcards,
        /// or a missing drive, is a PathNotFound error, a path of another provider PathNotFileSystem; either gives
        /// nothing back and the caller goes on with its next path. A wildcard that matches nothing gives nothing,
        /// and the caller decides whether that is an error.
        /// </summary>
        protected IReadOnlyList<string> ResolveFileSystemPaths(string path, bool literal)
        {
            try
            {
                ProviderInfo provider;
                IReadOnlyList<string> found = literal
                    ? new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) }
                    : SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                if (provider.Name != "FileSystem")
                {
                    WriteError(NewError("PathNotFileSystem", ErrorCategory.InvalidArgument,
                        $"'{path}' is a {provider.Name} path; AmoWidget reads files, folders and .zip archives.", path));
                    return Array.Empty<string>();
                }

                return found;
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(NewError("PathNotFound", ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path, ex));
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is NotSupportedException)
            {
                WriteError(NewError("PathNotFound", ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': {ex.Message}", path, ex));
            }

            return Array.Empty<string>();
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
