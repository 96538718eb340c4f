using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>
    /// The request pacing of one API host, shared by every connection and runspace of the process that reaches it
    /// (amoCRM counts its 7 requests a second per IP: https://developers.kommo.com/docs/http-codes; see
    /// <see cref="AmoEndpoint.PacingKey"/>).
    /// <para>
    /// A connection at r requests a second may send n = floor(r) requests in any window of n / r seconds (7 in any
    /// second). A request counts from its send until its answer came back: the server counted it at some moment in
    /// between, so the window is anchored on the answer, the latest moment it can have been counted. That is the
    /// margin for network jitter, and it is as small as the round trip: no 8 requests can then reach the server inside
    /// one second, which is what a sliding window checks; a fixed window aligned to the second and a token bucket of
    /// depth n admit every such sequence too. Requests go out in bursts of n, so a sequential caller loses only one
    /// round trip per window against the best client for each of the three limiters.
    /// </para>
    /// <para>
    /// A 429 halves the pace (down to an eighth) and holds every send until the server's retry_after has passed;
    /// each answer that is not a 429 gives back a sixteenth of the pace, at most one step a second, so the pace is
    /// whole again no sooner than eight seconds after a single 429. 429s in a row, each to a request sent after
    /// the previous 429 came back, are counted so that the client can stop before the IP is blocked.
    /// </para>
    /// Own code rather than System.Threading.RateLimiting: its windows count permits when they are taken, not when
    /// the answer comes back, and it has no shared hold for retry_after nor a pace that 429s lower.
    /// </summary>
    internal sealed class RequestPacer
    {
        private const double SlowestPace = 1.0 / 8;
        private const double RecoveryStep = 1.0 / 16;
        private const int MaximumKept = 10000;

        private static readonly ConcurrentDictionary<string, RequestPacer> Hosts = new ConcurrentDictionary<string, RequestPacer>(StringComparer.Ordinal);
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        // Timers wake a little late or early, and a server may count both ends of its second: a little more than the window.
        private static readonly long Slack = Ticks(TimeSpan.FromMilliseconds(2));

        private readonly object _gate = new object();
        private readonly List<Send> _recent = new List<Send>();
        private readonly string _host;
        private TaskCompletionSource<bool> _changed = NewSignal();
        private double _pace = 1;
        private long _holdUntil;
        private string _holdReason = string.Empty;
        private long _last429At = long.MinValue;
        private int _tooManyInARow;
        private long _retention = Ticks(TimeSpan.FromSeconds(1));
        private long _recoveredAt;

        private RequestPacer(string host) => _host = host;

        /// <summary>The fraction of the connections' rate now allowed: 1, or less after 429s.</summary>
        public double Pace
        {
            get
            {
                lock (_gate)
                {
                    return _pace;
                }
            }
        }

        public static RequestPacer For(string key) => Hosts.GetOrAdd(key, k => new RequestPacer(k));

        /// <summary>
        /// Waits for the next moment a request of a connection limited to <paramref name="requestsPerSecond"/> (0: no
        /// limit, but the server's hold is still honoured) may be sent, and records the send. The caller passes the
        /// send to <see cref="Answered"/>, <see cref="TooManyRequests"/> or <see cref="Failed"/> in every case.
        /// </summary>
        public async Task<Send> AcquireAsync(double requestsPerSecond, CancellationToken cancellationToken)
        {
            while (true)
            {
                long now;
                long at;
                bool waitsForAnswer;
                string reason;
                Task changed;
                lock (_gate)
                {
                    now = Clock.ElapsedTicks;
                    at = EarliestSend(requestsPerSecond, now, out waitsForAnswer, out reason);
                    if (at <= now && !waitsForAnswer)
                    {
                        var send = new Send(now);
                        _recent.Add(send);
                        return send;
                    }

                    changed = _changed.Task;
                }

                TimeSpan delay = at > now ? ToTimeSpan(at - now) : Timeout.InfiniteTimeSpan;
                if (delay != Timeout.InfiniteTimeSpan && delay >= ApiFeedback.LongWait)
                {
                    await ApiFeedback.DelayAsync(delay, reason, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // A short wait ends early when an answer comes back, since that can free a place in the window.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(changed, Task.Delay(delay, stop.Token)).ConfigureAwait(false);
                stop.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Any answer but 429: the send counted until now, and the pace recovers a step.</summary>
        public void Answered(Send send)
        {
            lock (_gate)
            {
                long now = Clock.ElapsedTicks;
                send.AnsweredAt = Math.Min(send.AnsweredAt, now);
                _tooManyInARow = 0;
                if (_pace < 1 && now - _recoveredAt >= Stopwatch.Frequency)
                {
                    _pace = Math.Min(1, _pace + RecoveryStep);
                    _recoveredAt = now;
                }

                Signal();
            }
        }

        /// <summary>No answer (refused, dropped, timed out, cancelled): the send counted until now.</summary>
        public void Failed(Send send)
        {
            lock (_gate)
            {
                send.AnsweredAt = Math.Min(send.AnsweredAt, Clock.ElapsedTicks);
                Signal();
            }
        }

        /// <summary>
        /// A 429: the pace halves and no request goes out before <paramref name="wait"/> has passed. Returns how many
        /// 429s came in a row, counting only those to requests sent after the previous 429 came back.
        /// </summary>
        public int TooManyRequests(Send send, TimeSpan wait, string reason)
        {
            lock (_gate)
            {
                long now = Clock.ElapsedTicks;
                send.AnsweredAt = Math.Min(send.AnsweredAt, now);

                // A request sent before the previous 429 came back was already on its way: not another refusal.
                if (send.SentAt >= _last429At)
                {
                    _tooManyInARow++;
                }

                _last429At = now;
                _recoveredAt = now;
                _pace = Math.Max(SlowestPace, _pace / 2);
                long until = now + Ticks(wait);
                if (until > _holdUntil)
                {
                    _holdUntil = until;
                    _holdReason = reason;
                }

                Signal();
                return _tooManyInARow;
            }
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

        private static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);

        private long EarliestSend(double requestsPerSecond, long now, out bool waitsForAnswer, out string reason)
        {
            waitsForAnswer = false;
            long at = Math.Max(now, _holdUntil);
            reason = _holdReason;
            if (requestsPerSecond <= 0)
            {
                return at;
            }

            double rate = requestsPerSecond * _pace;
            int count = Math.Max(1, (int)Math.Floor(rate + 1e-9));
            long window = Ticks(TimeSpan.FromSeconds(count / rate)) + Slack;
            _retention = Math.Max(_retention, window);
            Trim(now);
            if (_recent.Count < count)
            {
                return at;
            }

            // The count-th latest moment a recent send still counts until; one still in flight counts until its answer.
            var ends = new long[_recent.Count];
            for (int i = 0; i < ends.Length; i++)
            {
                ends[i] = _recent[i].AnsweredAt;
            }

            Array.Sort(ends);
            long end = ends[ends.Length - count];
            if (end == long.MaxValue)
            {
                waitsForAnswer = true;
                return at;
            }

            if (end + window > at)
            {
                at = end + window;
                reason = string.Format(CultureInfo.InvariantCulture, "keeping to {0:0.##} requests a second to {1}{2}",
                    rate, _host, _pace < 1 ? " (slowed down after a 429 Too Many Requests)" : string.Empty);
            }

            return at;
        }

        private void Trim(long now)
        {
            _recent.RemoveAll(s => s.AnsweredAt != long.MaxValue && s.AnsweredAt + _retention < now);
            if (_recent.Count > MaximumKept)
            {
                _recent.RemoveRange(0, _recent.Count - MaximumKept);
            }
        }

        private void Signal()
        {
            TaskCompletionSource<bool> old = _changed;
            _changed = NewSignal();
            old.TrySetResult(true);
        }

        /// <summary>One request: when it was sent and when its answer came back (long.MaxValue while in flight).</summary>
        internal sealed class Send
        {
            public Send(long sentAt) => SentAt = sentAt;

            public long SentAt { get; }

            public long AnsweredAt { get; set; } = long.MaxValue;
        }
    }
}
