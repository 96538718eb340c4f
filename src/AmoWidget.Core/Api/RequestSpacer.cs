using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>
    /// Keeps requests of one connection at most <c>rate</c> a second by giving each the next free slot, one interval
    /// after the previous one. Evenly spaced starts never form the burst that makes the server answer 429, and a
    /// caller that falls behind does not earn a burst later.
    /// </summary>
    internal sealed class RequestSpacer
    {
        private readonly object _gate = new object();
        private readonly long _intervalTicks;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _nextSlot;

        public RequestSpacer(double requestsPerSecond)
        {
            RequestsPerSecond = requestsPerSecond;
            _intervalTicks = requestsPerSecond > 0 ? (long)(Stopwatch.Frequency / requestsPerSecond) : 0;
        }

        public double RequestsPerSecond { get; }

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            if (_intervalTicks == 0)
            {
                return Task.CompletedTask;
            }

            long wait;
            lock (_gate)
            {
                long now = _clock.ElapsedTicks;
                long slot = Math.Max(now, _nextSlot);
                _nextSlot = slot + _intervalTicks;
                wait = slot - now;
            }

            if (wait <= 0)
            {
                return Task.CompletedTask;
            }

            return Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency), cancellationToken);
        }
    }
}
