using System;
using System.IO;
using System.Reflection;
using System.Security;
using System.Text;

namespace AmoWidget
{
    /// <summary>
    /// The one place where an exception that no code of the module turned into an <see cref="AmoException"/> gets
    /// an ErrorId and the most specific kind, so that no raw .NET exception reaches the user. The cmdlet base class
    /// calls it for whatever escapes a cmdlet; the ErrorIds are listed in every cmdlet's help (docs/help/shared).
    /// </summary>
    internal static class UnexpectedErrors
    {
        /// <summary>Longest runtime message kept whole: a message quoting a 100,000-character value is cut short.</summary>
        private const int MaxMessageLength = 1000;

        /// <summary>
        /// The AmoException for <paramref name="exception"/>: itself when it is one, else a new one that carries it
        /// as the inner exception. <paramref name="fileKind"/> is the kind of a file-system failure that the runtime
        /// does not name more precisely: ReadError for a command that reads, WriteError for one that writes.
        /// </summary>
        public static AmoException Classify(Exception exception, AmoErrorKind fileKind = AmoErrorKind.ReadError, object? target = null)
        {
            Exception ex = Unwrap(exception);
            string reason = TextChecks.Shorten(ex.Message, MaxMessageLength);
            switch (ex)
            {
                case AmoException amo:
                    return amo;
                case EncoderFallbackException _:
                case DecoderFallbackException _:
                    return new AmoException(ErrorIds.TextInvalid, AmoErrorKind.InvalidData, $"The text is not valid Unicode and cannot be converted: {reason}", target, ex);
                case PathTooLongException _:
                    return new AmoException(ErrorIds.PathInvalid, AmoErrorKind.InvalidArgument, $"The path is too long for the file system: {reason}", target, ex);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, reason, target, ex);
                case UnauthorizedAccessException _:
                case SecurityException _:
                    return new AmoException(ErrorIds.AccessDenied, AmoErrorKind.PermissionDenied, reason, target, ex);
                case IOException _:
                    return new AmoException(ErrorIds.FileSystemError, fileKind, reason, target, ex);
                case ArgumentException _:
                case FormatException _:
                case OverflowException _:
                    return new AmoException(ErrorIds.ArgumentInvalid, AmoErrorKind.InvalidArgument, reason, target, ex);
                case InsufficientExecutionStackException _:
                    return new AmoException(ErrorIds.NestingTooDeep, AmoErrorKind.LimitsExceeded, "The input is nested too deeply to process.", target, ex);
                case OutOfMemoryException _:
                    return new AmoException(ErrorIds.OutOfMemory, AmoErrorKind.LimitsExceeded, "There was not enough memory to finish the command.", target, ex);
                case TimeoutException _:
                    return new AmoException(ErrorIds.OperationTimedOut, AmoErrorKind.OperationTimeout, reason, target, ex);
                case OperationCanceledException _:
                    return new AmoException(ErrorIds.OperationCanceled, AmoErrorKind.OperationStopped, reason, target, ex);
                case NotSupportedException _:
                    return new AmoException(ErrorIds.OperationNotSupported, AmoErrorKind.InvalidOperation, reason, target, ex);
                default:
                    return new AmoException(ErrorIds.InternalError, AmoErrorKind.NotSpecified,
                        $"AmoWidget failed unexpectedly ({ex.GetType().FullName}: {reason}). This is a bug in AmoWidget: please report it with the command that caused it.", target, ex);
            }
        }

        /// <summary>The exception that says what happened, under the ones that only carry it.</summary>
        private static Exception Unwrap(Exception ex)
        {
            while (true)
            {
                switch (ex)
                {
                    case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                        ex = aggregate.InnerExceptions[0];
                        break;
                    case TargetInvocationException invocation when invocation.InnerException != null:
                        ex = invocation.InnerException;
                        break;
                    case TypeInitializationException init when init.InnerException != null:
                        ex = init.InnerException;
                        break;
                    default:
                        return ex;
                }
            }
        }
    }
}
