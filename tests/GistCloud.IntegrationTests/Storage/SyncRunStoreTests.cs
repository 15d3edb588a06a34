using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.IntegrationTests.Storage;

public sealed class SyncRunStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    // Runs expire by TTL 90 days after they start, and DynamoDB Local really deletes expired items:
    // a run dated long ago may vanish mid-test, so runs here start today.
    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_saved_run_is_found_by_id_with_its_figures_and_errors_and_expires_after_ninety_days()
    {
        var startedAt = Today.AddTicks(1234567);
        var run = new SyncRun(
            SyncRunStore.NewRunId(startedAt),
            SyncTrigger.Schedule,
            SyncRunOutcome.StoppedEarly,
            startedAt,
            startedAt.AddSeconds(42.5),
            new SyncFigures(100, 7, 12, 3, 10, 2, 130, 93, 0),
            [new UserSyncError(GitHubUsername.Parse("broken"), "GitHub answered 502"), new UserSyncError(GitHubUsername.Parse("gone"), "404")],
            "GitHub's rate limit is spent until 01:00");

        await fixture.SyncRuns.SaveAsync(run, None);

        var found = await fixture.SyncRuns.FindAsync(run.RunId.ToUpperInvariant(), None);
        Assert.Equal(run with { Errors = Array.Empty<UserSyncError>() }, found! with { Errors = Array.Empty<UserSyncError>() });
        Assert.Equal(run.Errors, found.Errors);
        Assert.Equal(TimeSpan.FromSeconds(42.5), found.Duration);
        var item = await StorageTestOperations.GetSyncItemAsync(fixture.Services, Table.RunPartition, run.RunId);
        Assert.Equal((startedAt + TimeSpan.FromDays(90)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item![Table.ExpiresAt].N);
        Assert.Equal(["broken", "gone"], item[Table.Errors].L.Select(e => e.M[Table.ErrorUsername].S));
    }

    [Fact]
    public async Task A_run_saved_at_its_start_and_again_at_its_end_is_one_run_with_the_final_figures()
    {
        var startedAt = Today.AddMinutes(1);
        var running = new SyncRun(SyncRunStore.NewRunId(startedAt), SyncTrigger.Manual, SyncRunOutcome.Running, startedAt, null, new SyncFigures(), [], null);
        await fixture.SyncRuns.SaveAsync(running, None);
        var atStart = await fixture.SyncRuns.FindAsync(running.RunId, None);

        await fixture.SyncRuns.SaveAsync(running with { Outcome = SyncRunOutcome.Completed, FinishedAt = startedAt.AddMinutes(1), Figures = new SyncFigures(UsersChecked: 3) }, None);

        Assert.Equal((SyncRunOutcome.Running, null, null), (atStart?.Outcome, atStart?.FinishedAt, atStart?.Figures.RateLimitRemaining));
        Assert.Empty(atStart!.Errors);
        var atEnd = await fixture.SyncRuns.FindAsync(running.RunId, None);
        Assert.Equal((SyncRunOutcome.Completed, startedAt.AddMinutes(1), new SyncFigures(UsersChecked: 3)), (atEnd?.Outcome, atEnd?.FinishedAt, atEnd?.Figures));
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_in_pages_that_chain_by_cursor()
    {
        var isolated = await fixture.CreateIsolatedServicesAsync();
        var starts = Enumerable.Range(0, 5).Select(i => Today.AddMinutes(3 * i)).ToList();
        foreach (var start in starts.OrderBy(_ => Guid.NewGuid()))
        {
            await isolated.SyncRuns.SaveAsync(new SyncRun(SyncRunStore.NewRunId(start), SyncTrigger.Schedule, SyncRunOutcome.Completed, start, start.AddSeconds(5), new SyncFigures(), [], null), None);
        }

        var first = await isolated.SyncRuns.ListRecentAsync(new PageRequest(2), None);
        var second = await isolated.SyncRuns.ListRecentAsync(new PageRequest(2, first.NextCursor), None);
        var third = await isolated.SyncRuns.ListRecentAsync(new PageRequest(2, second.NextCursor), None);

        Assert.Equal([2, 2, 1], new[] { first, second, third }.Select(p => p.Items.Count));
        Assert.Null(third.NextCursor);
        Assert.Equal(starts.OrderDescending(), first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.StartedAt));
        // The lease lives in the same table but is not a run.
        await isolated.Lease.TryAcquireAsync("listing-test", TimeSpan.FromMinutes(1), None);
        Assert.Equal(5, (await isolated.SyncRuns.ListRecentAsync(new PageRequest(10), None)).Items.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-run")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public async Task A_malformed_run_id_is_simply_not_found(string runId)
    {
        Assert.Null(await fixture.SyncRuns.FindAsync(runId, None));
    }

    [Fact]
    public async Task An_unknown_run_is_not_found()
    {
        Assert.Null(await fixture.SyncRuns.FindAsync(SyncRunStore.NewRunId(DateTimeOffset.UtcNow), None));
    }

    [Fact]
    public async Task A_run_whose_id_is_not_time_ordered_is_refused()
    {
        var run = new SyncRun("run-1", SyncTrigger.Manual, SyncRunOutcome.Running, Today, null, new SyncFigures(), [], null);

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.SyncRuns.SaveAsync(run, None));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJ2IjoxLCJoIjoiMDAiLCJrIjpbIngiXX0")]
    public async Task A_malformed_run_cursor_is_rejected(string cursor)
    {
        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.SyncRuns.ListRecentAsync(new PageRequest(10, cursor), None));
    }

    [Fact]
    public async Task The_sync_runs_table_expires_items_by_their_expiresAt()
    {
        var ttl = await fixture.DynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = Table.Definition.TableName(fixture.TablePrefix) });

        Assert.Equal((TimeToLiveStatus.ENABLED, "expiresAt"), (ttl.TimeToLiveDescription.TimeToLiveStatus, ttl.TimeToLiveDescription.AttributeName));
    }
}
