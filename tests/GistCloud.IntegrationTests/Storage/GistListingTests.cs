using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;

namespace GistCloud.IntegrationTests.Storage;

/// <summary><see cref="GistStore.SaveListingAsync"/>: what a sync does with a listing from GitHub.</summary>
public sealed class GistListingTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_listing_adds_new_gists_refreshes_only_those_updated_since_and_counts_each()
    {
        var owner = await fixture.Users.AddUserAsync();
        var first = TestData.Gists(3);
        Assert.Equal(new GistStoreResult(3, 0, 0), await fixture.Gists.SaveListingAsync(owner, first, PublishStatus.Pending, None));
        var before = await StoredByIdAsync(owner);
        var edited = first[1] with
        {
            Description = null,
            UpdatedAt = first[1].UpdatedAt.AddDays(1),
            Files = [new GistFile("renamed.py", "Python", "https://raw/renamed.py", 7)],
        };
        var stale = first[2] with { Description = "older than stored", UpdatedAt = first[2].UpdatedAt.AddMinutes(-1) };
        var added = TestData.Gist("brand-new", TestData.Epoch.AddDays(5));

        var result = await fixture.Gists.SaveListingAsync(owner, [first[0], edited, stale, added], PublishStatus.Pending, None);

        Assert.Equal(new GistStoreResult(Added: 1, AlreadyStored: 2, Updated: 1), result);
        var after = await StoredByIdAsync(owner);
        Assert.Equal(Comparable(before[first[0].Id]), Comparable(after[first[0].Id]));
        Assert.Equal(Comparable(before[first[2].Id]), Comparable(after[first[2].Id]));
        var refreshed = after[edited.Id];
        Assert.Equal((null, edited.UpdatedAt), (refreshed.Description, refreshed.UpdatedAt));
        Assert.Equal(edited.Files, refreshed.Files);
        var old = before[edited.Id];
        Assert.Equal((old.CreatedAt, old.DiscoveredAt, old.HtmlUrl, old.Pipedrive), (refreshed.CreatedAt, refreshed.DiscoveredAt, refreshed.HtmlUrl, refreshed.Pipedrive));
        Assert.False((await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, edited.Id))!.ContainsKey(Table.Description));
        Assert.Equal([1L, 2L, 3L, 4L], await StorageTestOperations.SeqsAsync(fixture.Services, owner));
        Assert.Equal(4, (await fixture.Users.FindAsync(owner, None))?.GistCount);
    }

    [Fact]
    public async Task The_same_listing_saved_twice_changes_nothing_the_second_time()
    {
        var owner = await fixture.Users.AddUserAsync();
        var gists = TestData.Gists(120);
        await fixture.Gists.SaveListingAsync(owner, gists, PublishStatus.Pending, None);

        var again = await fixture.Gists.SaveListingAsync(owner, [.. gists, gists[0]], PublishStatus.Pending, None);

        Assert.Equal(new GistStoreResult(0, 120, 0), again);
        Assert.Equal(120, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", owner));
    }

    [Fact]
    public async Task A_gist_removed_while_its_listing_is_saved_is_not_resurrected_by_the_refresh()
    {
        var owner = await fixture.Users.AddUserAsync();
        var gist = TestData.Gist("vanishing");
        await fixture.Gists.AddAsync(owner, [gist]);
        using var client = new InterceptingDynamoDbClient(fixture.DynamoDbLocal.ServiceUrl);
        var store = new GistStore(client, Options.Create(new StorageOptions { TablePrefix = fixture.TablePrefix }), TimeProvider.System, NullLogger<GistStore>.Instance);
        // The removal lands between the read of what is stored and the refresh.
        client.AfterNextBatchGet = () => StorageTestOperations.DeleteGistItemAsync(fixture.Services, owner, gist.Id);

        var result = await store.SaveListingAsync(owner, [gist with { Description = "edited", UpdatedAt = gist.UpdatedAt.AddDays(1) }], PublishStatus.Pending, None);

        Assert.Equal(0, result.Updated);
        Assert.Null(await StorageTestOperations.GetGistItemAsync(fixture.Services, owner, gist.Id));
    }

    [Fact]
    public async Task A_listing_for_an_untracked_user_with_new_gists_fails_and_stores_nothing()
    {
        var stranger = TestData.NewUsername();

        await Assert.ThrowsAsync<UserNotTrackedException>(() => fixture.Gists.SaveListingAsync(stranger, TestData.Gists(2), PublishStatus.Pending, None));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", stranger));
    }

    /// <summary>A gist as a value: records compare lists by reference, so the files become text.</summary>
    private static (Gist Gist, string Files) Comparable(Gist gist) => (gist with { Files = Array.Empty<GistFile>() }, string.Join(" | ", gist.Files));

    private async Task<Dictionary<string, Gist>> StoredByIdAsync(Core.Domain.Users.GitHubUsername owner) =>
        (await fixture.Gists.ListAsync(owner, new PageRequest(PageRequest.MaxLimit), None)).Items.ToDictionary(g => g.Id);
}
