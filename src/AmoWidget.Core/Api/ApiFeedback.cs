using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>What the core tells the user while a call runs: a verbose line, or a warning.</summary>
    internal enum FeedbackKind
    {
        Verbose,
        Warning,
    }

    /// <summary>A wait the user should see: why, and when it ends.</summary>
    internal sealed class ApiWait
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public ApiWait(string reason, TimeSpan length)
        {
            Reason = reason;
            Length = length;
        }

        public string Reason { get; }

        public TimeSpan Length { get; }

        public TimeSpan Elapsed => _clock.Elapsed;
    }

    /// <summary>
    /// Messages and long waits of the calls one cmdlet runs. The core writes here from any thread; the cmdlet's
    /// pipeline thread reads it while it waits for the call (only that thread may write to PowerShell's streams).
    /// </summary>
    internal sealed class ApiFeedback
    {
        /// <summary>A wait at least this long shows as progress and in verbose output ("longer than a few seconds").</summary>
        public static readonly TimeSpan LongWait = TimeSpan.FromSeconds(2);

        private static readonly AsyncLocal<ApiFeedback?> Flow = new AsyncLocal<ApiFeedback?>();
        private readonly ConcurrentQueue<(FeedbackKind Kind, string Text)> _messages = new ConcurrentQueue<(FeedbackKind, string)>();
        private volatile ApiWait? _wait;

        /// <summary>The feedback of the calls made in this async flow, set by the cmdlet that runs them.</summary>
        public static ApiFeedback? Current
        {
            get => Flow.Value;
            set => Flow.Value = value;
        }

        /// <summary>The long wait going on now, or null.</summary>
        public ApiWait? Wait => _wait;

        public static void Verbose(string text) => Current?._messages.Enqueue((FeedbackKind.Verbose, text));

        public static void Warning(string text) => Current?._messages.Enqueue((FeedbackKind.Warning, text));

        /// <summary>
        /// Waits <paramref name="length"/>, cancelled at once by <paramref name="cancellationToken"/> (Ctrl+C). A long
        /// wait is announced in verbose output and shown as the current wait while it lasts.
        /// </summary>
        public static async Task DelayAsync(TimeSpan length, string reason, CancellationToken cancellationToken)
        {
            if (length <= TimeSpan.Zero)
            {
                return;
            }

            ApiFeedback? feedback = Current;
            if (feedback == null || length < LongWait)
            {
                await Task.Delay(length, cancellationToken).ConfigureAwait(false);
                return;
            }

            feedback._messages.Enqueue((FeedbackKind.Verbose, $"Waiting {length.TotalSeconds:0.#} s: {reason}."));
            var wait = new ApiWait(reason, length);
            feedback._wait = wait;
            try
            {
                await Task.Delay(length, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (ReferenceEquals(feedback._wait, wait))
                {
                    feedback._wait = null;
                }
            }
        }

        public bool TryTake(out FeedbackKind kind, out string text)
        {
            if (_messages.TryDequeue(out (FeedbackKind Kind, string Text) message))
            {
                kind = message.Kind;
                text = message.Text;
                return true;
            }

            kind = FeedbackKind.Verbose;
            text = string.Empty;
            return false;
        }
    }
}
