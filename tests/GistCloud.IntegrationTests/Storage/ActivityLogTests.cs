using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Activity;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace GistCloud.IntegrationTests.Storage;

public sealed class ActivityLogTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Changes_list_newest_first_page_by_page_with_who_made_them()
    {
        var services = await fixture.CreateIsolatedServicesAsync();
        var log = new ActivityLog(services.DynamoDb, Options.Create(new StorageOptions { TablePrefix = services.TablePrefix }));
        var now = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(1);
        var grace = Actor.Person("8d3f0c55-6b0e-4f0e-9a53-8c8f4e1d2a10", "Grace Hopper");
        var entries = new[]
        {
            new ActivityEntry(now, ActivityAction.UserAdded, grace, GitHubUsername.Parse("octocat")),
            new ActivityEntry(now.AddSeconds(1), ActivityAction.SyncRequested, Actor.ApiKey, RunId: SyncRunStore.NewRunId(now)),
            new ActivityEntry(now.AddSeconds(2), ActivityAction.UserRemoved, grace, GitHubUsername.Parse("octocat")),
        };
        foreach (var entry in entries)
        {
            await log.RecordAsync(entry, None);
        }

        var first = await log.ListRecentAsync(new PageRequest(2), None);
        var second = await log.ListRecentAsync(new PageRequest(2, first.NextCursor), None);

        Assert.Equal([entries[2], entries[1]], first.Items);
        Assert.Equal([entries[0]], second.Items);
        Assert.Null(second.NextCursor);
        var runs = await services.SyncRuns.ListRecentAsync(new PageRequest(1), None);
        Assert.Empty(runs.Items); // the log shares the runs' table, not their list
    }

    [Fact]
    public async Task A_cursor_of_the_runs_list_is_refused_by_the_activity_list_and_the_other_way_round()
    {
        var services = await fixture.CreateIsolatedServicesAsync();
        var log = new ActivityLog(services.DynamoDb, Options.Create(new StorageOptions { TablePrefix = services.TablePrefix }));
        var now = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        for (var i = 0; i < 2; i++)
        {
            await log.RecordAsync(new ActivityEntry(now.AddSeconds(i), ActivityAction.SyncRequested, Actor.Anonymous), None);
            await services.SyncRuns.SaveAsync(
                new SyncRun(SyncRunStore.NewRunId(now.AddSeconds(i)), SyncTrigger.Manual, SyncRunOutcome.Completed, now.AddSeconds(i), now.AddSeconds(i), new SyncFigures(), [], null),
                None);
        }

        var activityCursor = (await log.ListRecentAsync(new PageRequest(1), None)).NextCursor!;
        var runsCursor = (await services.SyncRuns.ListRecentAsync(new PageRequest(1), None)).NextCursor!;

        await Assert.ThrowsAsync<InvalidCursorException>(() => services.SyncRuns.ListRecentAsync(new PageRequest(1, activityCursor), None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => log.ListRecentAsync(new PageRequest(1, runsCursor), None));
    }
}
