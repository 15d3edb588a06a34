using GistCloud.Core.GitHub;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GistCloud.UnitTests.GitHub;

public class GitHubRequestPacerTests
{
    [Fact]
    public void Turns_are_refilled_by_the_injected_clock_a_second_share_at_a_time()
    {
        var clock = new FakeTimeProvider();
        using var pacer = new GitHubRequestPacer(Options.Create(new GitHubOptions { MaxRequestsPerMinute = 120 }), clock);
        var limiter = pacer.Limiter!;

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired); // the burst is one second deep: 2 at 120 a minute

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        clock.Advance(TimeSpan.FromSeconds(10)); // an idle stretch never banks more than a second's share
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Waiting_requests_get_their_turn_oldest_first_when_the_clock_refills_the_bucket()
    {
        var clock = new FakeTimeProvider();
        using var pacer = new GitHubRequestPacer(Options.Create(new GitHubOptions { MaxRequestsPerMinute = 60 }), clock);
        var limiter = pacer.Limiter!;
        Assert.True((await limiter.AcquireAsync()).IsAcquired);

        var second = limiter.AcquireAsync().AsTask();
        var third = limiter.AcquireAsync().AsTask();
        using var cancelled = new CancellationTokenSource();
        var given = limiter.AcquireAsync(1, cancelled.Token).AsTask();
        await cancelled.CancelAsync();

        Assert.False(second.IsCompleted);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await second).IsAcquired);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await third).IsAcquired);
    }

    [Fact]
    public async Task A_newcomer_never_overtakes_a_waiting_request()
    {
        var clock = new FakeTimeProvider();
        using var pacer = new GitHubRequestPacer(Options.Create(new GitHubOptions { MaxRequestsPerMinute = 120 }), clock);
        var limiter = pacer.Limiter!;
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiting = limiter.AcquireAsync(2).AsTask(); // needs both turns: waits although one is left

        Assert.False(limiter.AttemptAcquire().IsAcquired); // the turn that is left is not given past the waiter
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await waiting).IsAcquired);
    }

    [Fact]
    public async Task Disposing_the_pacer_releases_waiting_requests_refused()
    {
        var clock = new FakeTimeProvider();
        var pacer = new GitHubRequestPacer(Options.Create(new GitHubOptions { MaxRequestsPerMinute = 60 }), clock);
        var limiter = pacer.Limiter!;
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var waiting = limiter.AcquireAsync().AsTask();

        pacer.Dispose();

        Assert.False((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).IsAcquired);
    }

    [Fact]
    public void Zero_turns_pacing_off()
    {
        using var pacer = new GitHubRequestPacer(Options.Create(new GitHubOptions { MaxRequestsPerMinute = 0 }), new FakeTimeProvider());

        Assert.Null(pacer.Limiter);
    }
}
