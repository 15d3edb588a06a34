using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.IntegrationTests.Infrastructure;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;

namespace GistCloud.IntegrationTests.Storage;

/// <summary>The Pipedrive outbox over the gists table: which gists wait, and every status transition.</summary>
public sealed class GistOutboxTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private const int MaxAttempts = 3;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Gists_stored_pending_are_in_the_outbox_at_once_oldest_stored_first()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.SaveListingAsync(owner, TestData.Gists(2, "a"), PublishStatus.Pending, None);
        await fixture.Gists.SaveListingAsync(owner, TestData.Gists(2, "b"), PublishStatus.Pending, None);

        // No pause between the write and the read: the local index is read consistently.
        var outbox = await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, limit: 10, None);
        var firstThree = await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, limit: 3, None);

        Assert.Equal(["a0000", "a0001", "b0000", "b0001"], outbox.Select(g => g.Id));
        Assert.All(outbox, g => Assert.Equal(new PipedriveState(PublishStatus.Pending), g.Pipedrive));
        Assert.Equal(["a0000", "a0001", "b0000"], firstThree.Select(g => g.Id));
        var item = await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, "b0001");
        Assert.Equal(("4", "4", false), (item![Table.OutboxSeq].N, item[Table.Seq].N, item[Table.PipedriveUncertain].BOOL));
    }

    [Fact]
    public async Task Disabled_gists_are_never_in_the_outbox_and_cannot_begin_an_attempt()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.SaveListingAsync(owner, TestData.Gists(2), PublishStatus.Disabled, None);

        Assert.Empty(await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None));
        Assert.False((await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, "g0000"))!.ContainsKey(Table.OutboxSeq));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Outbox.BeginAttemptAsync(owner, "g0000", None));
        Assert.Equal(new PipedriveState(PublishStatus.Disabled), (await FindAsync(owner, "g0000")).Pipedrive);
    }

    [Fact]
    public async Task Beginning_an_attempt_returns_the_state_before_it_and_marks_the_outcome_uncertain()
    {
        var (owner, id) = await StorePendingAsync();

        var first = await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        var afterFirst = (await FindAsync(owner, id)).Pipedrive;
        var second = await fixture.Outbox.BeginAttemptAsync(owner, id, None);

        Assert.Equal(new PipedriveState(PublishStatus.Pending, Attempts: 0, OutcomeUncertain: false), first);
        Assert.Equal(new PipedriveState(PublishStatus.Pending, Attempts: 1, OutcomeUncertain: true), afterFirst);
        Assert.Equal(afterFirst, second);
        Assert.Equal(2, (await FindAsync(owner, id)).Pipedrive.Attempts);
        Assert.Equal([id], (await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None)).Select(g => g.Id));
    }

    [Fact]
    public async Task A_published_gist_leaves_the_outbox_with_its_item_id_and_no_error_and_is_never_attempted_again()
    {
        var (owner, id) = await StorePendingAsync();
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        await fixture.Outbox.MarkFailedAsync(owner, id, "Pipedrive answered 503", outcomeUncertain: true, MaxAttempts, None);
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);

        await fixture.Outbox.MarkPublishedAsync(owner, id, 4711, None);

        Assert.Equal(new PipedriveState(PublishStatus.Published, 4711, null, 2, false), (await FindAsync(owner, id)).Pipedrive);
        Assert.Empty(await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None));
        var item = await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, id);
        Assert.False(item!.ContainsKey(Table.OutboxSeq));
        Assert.False(item.ContainsKey(Table.PipedriveError));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Outbox.BeginAttemptAsync(owner, id, None));
    }

    [Fact]
    public async Task A_failed_attempt_with_attempts_left_stays_in_the_outbox_with_its_error_and_uncertainty()
    {
        var (owner, id) = await StorePendingAsync();
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);

        await fixture.Outbox.MarkFailedAsync(owner, id, "timeout after sending", outcomeUncertain: true, MaxAttempts, None);

        var waiting = Assert.Single(await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None));
        Assert.Equal(new PipedriveState(PublishStatus.Failed, null, "timeout after sending", 1, true), waiting.Pipedrive);
        Assert.Equal(new PipedriveState(PublishStatus.Failed, null, "timeout after sending", 1, true), await fixture.Outbox.BeginAttemptAsync(owner, id, None));
    }

    [Fact]
    public async Task A_gist_whose_attempts_are_spent_leaves_the_outbox_as_failed_with_the_last_error()
    {
        var (owner, id) = await StorePendingAsync();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await fixture.Outbox.BeginAttemptAsync(owner, id, None);
            await fixture.Outbox.MarkFailedAsync(owner, id, $"400 bad request #{attempt}", outcomeUncertain: false, maxAttempts: 2, None);
        }

        Assert.Empty(await fixture.Outbox.ListOutboxAsync(owner, 2, 10, None));
        Assert.Equal(new PipedriveState(PublishStatus.Failed, null, "400 bad request #2", 2, false), (await FindAsync(owner, id)).Pipedrive);
        Assert.False((await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, id))!.ContainsKey(Table.OutboxSeq));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Outbox.BeginAttemptAsync(owner, id, None));
    }

    [Fact]
    public async Task A_last_attempt_cut_short_by_a_crash_stays_listed_as_uncertain_until_its_outcome_is_recorded()
    {
        var (owner, id) = await StorePendingAsync();
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        await fixture.Outbox.MarkFailedAsync(owner, id, "503", outcomeUncertain: false, maxAttempts: 2, None);
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);

        // The process dies here: nothing records the second attempt's outcome.
        var listed = Assert.Single(await fixture.Outbox.ListOutboxAsync(owner, 2, 10, None));
        var before = await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        await fixture.Outbox.MarkFailedAsync(owner, id, "still 503", outcomeUncertain: false, maxAttempts: 2, None);

        Assert.Equal(new PipedriveState(PublishStatus.Failed, null, "503", 2, true), listed.Pipedrive);
        Assert.Equal(listed.Pipedrive, before);
        Assert.Empty(await fixture.Outbox.ListOutboxAsync(owner, 2, 10, None));
    }

    [Fact]
    public async Task A_deferred_attempt_is_given_back_and_the_gist_waits_pending_with_the_error()
    {
        var (owner, id) = await StorePendingAsync();
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        await fixture.Outbox.MarkFailedAsync(owner, id, "503", outcomeUncertain: true, MaxAttempts, None);
        var before = await fixture.Outbox.BeginAttemptAsync(owner, id, None);

        await fixture.Outbox.DeferAttemptAsync(owner, id, "429: daily budget spent", before.OutcomeUncertain, None);

        var waiting = Assert.Single(await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None));
        Assert.Equal(new PipedriveState(PublishStatus.Pending, null, "429: daily budget spent", 1, true), waiting.Pipedrive);
    }

    [Fact]
    public async Task Deferring_never_takes_the_attempt_count_below_zero()
    {
        var (owner, id) = await StorePendingAsync();

        await fixture.Outbox.DeferAttemptAsync(owner, id, "429", outcomeUncertain: false, None);

        Assert.Equal(new PipedriveState(PublishStatus.Pending, null, "429", 0, false), (await FindAsync(owner, id)).Pipedrive);
        Assert.Single(await fixture.Outbox.ListOutboxAsync(owner, MaxAttempts, 10, None));
    }

    [Fact]
    public async Task Status_changes_for_a_gist_removed_meanwhile_create_nothing()
    {
        var (owner, id) = await StorePendingAsync();
        await fixture.Outbox.BeginAttemptAsync(owner, id, None);
        Assert.True(await fixture.Users.RemoveAsync(owner, None));

        await fixture.Outbox.MarkPublishedAsync(owner, id, 1, None);
        await fixture.Outbox.MarkFailedAsync(owner, id, "x", outcomeUncertain: true, MaxAttempts, None);
        await fixture.Outbox.DeferAttemptAsync(owner, id, "x", outcomeUncertain: true, None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Outbox.BeginAttemptAsync(owner, id, None));
        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", owner));
    }

    private async Task<(GitHubUsername Owner, string GistId)> StorePendingAsync()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.SaveListingAsync(owner, [TestData.Gist("outbox1")], PublishStatus.Pending, None);
        return (owner, "outbox1");
    }

    private async Task<Gist> FindAsync(GitHubUsername owner, string gistId) =>
        (await fixture.Gists.ListAsync(owner, new PageRequest(PageRequest.MaxLimit), None)).Items.Single(g => g.Id == gistId);
}
