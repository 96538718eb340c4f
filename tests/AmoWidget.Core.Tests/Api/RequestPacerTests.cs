using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AmoWidget.Api;
using Xunit;

namespace AmoWidget.Tests.Api
{
    /// <summary>The shared pacing of one host, without a server: windows, answers, 429s and holds.</summary>
    public sealed class RequestPacerTests
    {
        private static RequestPacer NewHost() => RequestPacer.For("pacer-test-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public async Task SevenGoAtOnceAndTheEighthOneSecondAfterTheFirstAnswer()
        {
            RequestPacer pacer = NewHost();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 7; i++)
            {
                pacer.Answered(await pacer.AcquireAsync(7, CancellationToken.None));
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.5), "seven took " + clock.Elapsed);
            pacer.Answered(await pacer.AcquireAsync(7, CancellationToken.None));
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), "the eighth went at " + clock.Elapsed);
        }

        [Fact]
        public async Task ARequestInFlightCountsUntilItsAnswer()
        {
            RequestPacer pacer = NewHost();
            RequestPacer.Send slow = await pacer.AcquireAsync(1, CancellationToken.None);
            Task<RequestPacer.Send> next = pacer.AcquireAsync(1, CancellationToken.None);
            await Task.Delay(1300);
            Assert.False(next.IsCompleted);
            var clock = Stopwatch.StartNew();
            pacer.Answered(slow);
            pacer.Answered(await next);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), "sent " + clock.Elapsed + " after the answer");
        }

        [Fact]
        public async Task A429HoldsEverySendAndHalvesThePace()
        {
            RequestPacer pacer = NewHost();
            RequestPacer.Send send = await pacer.AcquireAsync(7, CancellationToken.None);
            Assert.Equal(1, pacer.TooManyRequests(send, TimeSpan.FromSeconds(1), "test"));
            Assert.Equal(0.5, pacer.Pace);
            var clock = Stopwatch.StartNew();
            RequestPacer.Send retry = await pacer.AcquireAsync(0, CancellationToken.None);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "the hold ended after " + clock.Elapsed);
            Assert.Equal(2, pacer.TooManyRequests(retry, TimeSpan.Zero, "test"));
            pacer.Answered(await pacer.AcquireAsync(0, CancellationToken.None));
            Assert.Equal(1, pacer.TooManyRequests(await pacer.AcquireAsync(0, CancellationToken.None), TimeSpan.Zero, "test"));
        }

        [Fact]
        public async Task A429ToARequestAlreadyOnItsWayIsNotAnotherInARow()
        {
            RequestPacer pacer = NewHost();
            RequestPacer.Send first = await pacer.AcquireAsync(0, CancellationToken.None);
            RequestPacer.Send second = await pacer.AcquireAsync(0, CancellationToken.None);
            Assert.Equal(1, pacer.TooManyRequests(first, TimeSpan.Zero, "test"));
            Assert.Equal(1, pacer.TooManyRequests(second, TimeSpan.Zero, "test"));
        }

        [Fact]
        public async Task AWaitStopsAtOnceWhenCancelled()
        {
            RequestPacer pacer = NewHost();
            pacer.TooManyRequests(await pacer.AcquireAsync(7, CancellationToken.None), TimeSpan.FromMinutes(5), "test");
            using var cts = new CancellationTokenSource(200);
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.AcquireAsync(7, cts.Token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), "stopped after " + clock.Elapsed);
        }
    }
}
