using System;

namespace AmoWidget
{
    /// <summary>What kind of failure an <see cref="AmoException"/> is; the cmdlets map it to PowerShell's ErrorCategory.</summary>
    public enum AmoErrorKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        ReadError,
        WriteError,
        ParserError,
        AuthenticationError,
        PermissionDenied,
        LimitsExceeded,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        SecurityError,
        ProtocolError,
    }

    /// <summary>
    /// A failure the user can act on, with a stable PascalCase <see cref="ErrorId"/> that scripts and tests rely on.
    /// The message names the place (file, line and column, key, URL) and never contains a secret. It is one line: its
    /// control characters and line breaks are escaped (<see cref="Printable.Escape"/>), since it quotes text from
    /// widgets, files and servers and ends in CI logs, where a line of its own could be a workflow command.
    /// </summary>
    public class AmoException : Exception
    {
        public AmoException(string errorId, AmoErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(Printable.Escape(message), inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable identifier, e.g. <c>ManifestJsonInvalid</c>. Never renamed once released.</summary>
        public string ErrorId { get; }

        public AmoErrorKind Kind { get; }

        /// <summary>The object the failure is about (a path, a location name, a widget code).</summary>
        public object? Target { get; }

        /// <summary>A suggestion for the user, such as the nearest known name; shown as the error's recommended action.</summary>
        public string? RecommendedAction { get; init; }
    }
}
