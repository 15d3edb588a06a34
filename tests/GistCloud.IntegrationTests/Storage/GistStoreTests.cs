using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Storage;

public sealed class GistStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Storing_the_same_gist_twice_keeps_one()
    {
        var owner = await fixture.Users.AddUserAsync();
        var gist = TestData.Gist("abc123");

        var first = await fixture.Gists.AddAsync(owner, [gist]);
        var second = await fixture.Gists.AddAsync(owner, [gist with { Description = "edited" }]);

        Assert.Equal(new(1, 0), first);
        Assert.Equal(new(0, 1), second);
        var stored = Assert.Single((await fixture.Gists.ListAsync(owner, new PageRequest(), None)).Items);
        Assert.Equal("Gist abc123", stored.Description);
        Assert.Equal(1, (await fixture.Users.FindAsync(owner, None))?.GistCount);
    }

    [Fact]
    public async Task A_stored_gist_keeps_every_field_and_gets_its_discovery_time_and_publish_status()
    {
        var owner = await fixture.Users.AddUserAsync();
        var created = TestData.Epoch.AddTicks(1);
        var gist = new ListedGist(
            "f00d",
            null,
            "https://gist.github.com/f00d",
            created,
            created.AddDays(2),
            [new GistFile("a.py", "Python", "https://raw/a.py", 10), new GistFile("notes", null, null, 0)]);
        var before = DateTimeOffset.UtcNow;

        await fixture.Gists.SaveListingAsync(owner, [gist], PublishStatus.Disabled, None);

        var stored = Assert.Single((await fixture.Gists.ListAsync(owner, new PageRequest(), None)).Items);
        Assert.Equal(
            (gist.Id, owner, gist.Description, gist.HtmlUrl, gist.CreatedAt, gist.UpdatedAt, new PipedriveState(PublishStatus.Disabled)),
            (stored.Id, stored.Owner, stored.Description, stored.HtmlUrl, stored.CreatedAt, stored.UpdatedAt, stored.Pipedrive));
        Assert.Equal(gist.Files, stored.Files);
        Assert.InRange(stored.DiscoveredAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_gist_without_files_is_stored()
    {
        var owner = await fixture.Users.AddUserAsync();

        await fixture.Gists.AddAsync(owner, [TestData.Gist("empty") with { Files = [] }]);

        Assert.Empty(Assert.Single((await fixture.Gists.ListAsync(owner, new PageRequest(), None)).Items).Files);
    }

    [Fact]
    public async Task An_id_repeated_in_one_call_is_stored_once()
    {
        var owner = await fixture.Users.AddUserAsync();

        var result = await fixture.Gists.AddAsync(owner, [TestData.Gist("dup"), TestData.Gist("dup"), TestData.Gist("other")]);

        Assert.Equal(new(2, 0), result);
        Assert.Equal([1L, 2L], await StorageTestOperations.SeqsAsync(fixture.Services, owner));
    }

    [Fact]
    public async Task Concurrent_stores_of_overlapping_gists_store_each_id_once_with_unbroken_sequence_numbers()
    {
        var owner = await fixture.Users.AddUserAsync();
        var a = TestData.Gists(150);
        var b = TestData.Gists(150, start: 100);
        var c = TestData.Gists(60, start: 220);

        var results = await Task.WhenAll(
            Task.Run(() => fixture.Gists.AddAsync(owner, a)),
            Task.Run(() => fixture.Gists.AddAsync(owner, b)),
            Task.Run(() => fixture.Gists.AddAsync(owner, c)));

        Assert.Equal(280, results.Sum(r => r.Added));
        Assert.Equal([150, 150, 60], results.Select(r => r.Added + r.AlreadyStored));
        Assert.Equal(280, (await fixture.Users.FindAsync(owner, None))?.GistCount);
        Assert.Equal(Enumerable.Range(1, 280).Select(i => (long)i), await StorageTestOperations.SeqsAsync(fixture.Services, owner));
        Assert.Equal(280, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", owner));
    }

    [Fact]
    public async Task Two_hundred_fifty_gists_list_newest_created_first_over_three_pages_without_gaps_or_duplicates()
    {
        var owner = await fixture.Users.AddUserAsync();
        // Pairs share a creation time, so the order must also hold between equal timestamps.
        var gists = Enumerable.Range(0, 250).Select(i => TestData.Gist($"g{i:D3}", TestData.Epoch.AddMinutes(i / 2))).ToList();
        Assert.Equal(new(250, 0), await fixture.Gists.AddAsync(owner, gists));

        var pages = new List<Page<Gist>>();
        string? cursor = null;
        do
        {
            var page = await fixture.Gists.ListAsync(owner, new PageRequest(100, cursor), None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([100, 100, 50], pages.Select(p => p.Items.Count));
        var listed = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(gists.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id, StringComparer.Ordinal).Select(g => g.Id), listed.Select(g => g.Id));
        Assert.Equal(250, (await fixture.Users.FindAsync(owner, None))?.GistCount);
    }

    [Fact]
    public async Task A_list_that_fills_its_last_page_exactly_has_no_next_cursor()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(4));

        var first = await fixture.Gists.ListAsync(owner, new PageRequest(2), None);
        var second = await fixture.Gists.ListAsync(owner, new PageRequest(2, first.NextCursor), None);

        Assert.NotNull(first.NextCursor);
        Assert.Equal(["g0001", "g0000"], second.Items.Select(g => g.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task A_cursor_from_another_users_list_is_rejected()
    {
        var alice = await fixture.Users.AddUserAsync();
        var bob = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(alice, TestData.Gists(3, "a"));
        await fixture.Gists.AddAsync(bob, TestData.Gists(3, "b"));
        var aliceCursor = (await fixture.Gists.ListAsync(alice, new PageRequest(1), None)).NextCursor;

        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.Gists.ListAsync(bob, new PageRequest(1, aliceCursor), None));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAA")]
    [InlineData("eyJ2IjoxLCJoIjoiMDAiLCJrIjpbIngiXX0")]
    public async Task A_malformed_gist_cursor_is_rejected(string cursor)
    {
        var owner = await fixture.Users.AddUserAsync();

        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.Gists.ListAsync(owner, new PageRequest(10, cursor), None));
    }

    [Fact]
    public async Task An_altered_gist_cursor_is_rejected()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(3));
        var cursor = (await fixture.Gists.ListAsync(owner, new PageRequest(1), None)).NextCursor!;
        var middle = cursor.Length / 2;
        var altered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];

        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.Gists.ListAsync(owner, new PageRequest(1, altered), None));
    }

    [Fact]
    public async Task Storing_gists_for_an_untracked_user_fails_and_stores_nothing()
    {
        var stranger = TestData.NewUsername();

        await Assert.ThrowsAsync<UserNotTrackedException>(() => fixture.Gists.AddAsync(stranger, TestData.Gists(2)));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", stranger));
    }
}
