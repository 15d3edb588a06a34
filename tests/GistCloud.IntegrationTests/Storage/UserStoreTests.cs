using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Storage;

public sealed class UserStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_added_user_is_found_with_every_field_and_no_gists()
    {
        var user = TestData.NewUser() with { LastSyncedAt = TestData.Epoch.AddTicks(1234567), GistCount = 17 };

        Assert.True(await fixture.Users.TryAddAsync(user, None));

        Assert.Equal(user with { GistCount = 0 }, await fixture.Users.FindAsync(user.Username, None));
    }

    [Fact]
    public async Task Adding_a_tracked_user_again_in_other_case_returns_false_and_keeps_the_first()
    {
        var user = TestData.NewUser();
        Assert.True(await fixture.Users.TryAddAsync(user, None));
        var shouted = GitHubUsername.Parse(user.Username.Value.ToUpperInvariant());

        Assert.False(await fixture.Users.TryAddAsync(TestData.NewUser(shouted) with { DisplayName = "Someone else" }, None));

        Assert.Equal("Mona Lisa Octocat", (await fixture.Users.FindAsync(shouted, None))?.DisplayName);
    }

    [Fact]
    public async Task An_unknown_user_is_not_found()
    {
        Assert.Null(await fixture.Users.FindAsync(TestData.NewUsername(), None));
    }

    [Fact]
    public async Task Users_are_listed_by_name_in_pages_that_chain_by_cursor()
    {
        var isolated = await fixture.CreateIsolatedServicesAsync();
        var names = Enumerable.Range(0, 7).Select(_ => TestData.NewUsername()).ToList();
        foreach (var name in names)
        {
            Assert.True(await isolated.Users.TryAddAsync(TestData.NewUser(name), None));
        }

        var first = await isolated.Users.ListAsync(new PageRequest(3), None);
        var second = await isolated.Users.ListAsync(new PageRequest(3, first.NextCursor), None);
        var third = await isolated.Users.ListAsync(new PageRequest(3, second.NextCursor), None);

        Assert.Equal([3, 3, 1], new[] { first, second, third }.Select(p => p.Items.Count));
        Assert.NotNull(first.NextCursor);
        Assert.NotNull(second.NextCursor);
        Assert.Null(third.NextCursor);
        Assert.Equal(
            names.Select(n => n.Value).Order(StringComparer.Ordinal),
            first.Items.Concat(second.Items).Concat(third.Items).Select(u => u.Username.Value));
    }

    [Fact]
    public async Task Users_being_removed_are_neither_found_nor_listed_and_pages_stay_full()
    {
        var isolated = await fixture.CreateIsolatedServicesAsync();
        var names = Enumerable.Range(0, 6).Select(i => GitHubUsername.Parse($"user{i}")).ToList();
        foreach (var name in names)
        {
            Assert.True(await isolated.Users.TryAddAsync(TestData.NewUser(name), None));
        }

        await StorageTestOperations.MarkDeletingAsync(isolated, names[0]);
        await StorageTestOperations.MarkDeletingAsync(isolated, names[1]);
        await StorageTestOperations.MarkDeletingAsync(isolated, names[3]);

        var first = await isolated.Users.ListAsync(new PageRequest(2), None);
        var second = await isolated.Users.ListAsync(new PageRequest(2, first.NextCursor), None);

        Assert.Equal(["user2", "user4"], first.Items.Select(u => u.Username.Value));
        Assert.Equal(["user5"], second.Items.Select(u => u.Username.Value));
        Assert.Null(second.NextCursor);
        Assert.Null(await isolated.Users.FindAsync(names[0], None));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("eyJ2IjoxfQ")]
    [InlineData("")]
    public async Task A_malformed_user_cursor_is_rejected(string cursor)
    {
        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.Users.ListAsync(new PageRequest(10, cursor), None));
    }

    [Fact]
    public async Task A_gist_list_cursor_is_rejected_by_the_user_list()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(3));
        var gistCursor = (await fixture.Gists.ListAsync(owner, new PageRequest(1), None)).NextCursor;

        await Assert.ThrowsAsync<InvalidCursorException>(() => fixture.Users.ListAsync(new PageRequest(10, gistCursor), None));
    }

    [Fact]
    public async Task Scan_results_set_status_and_error_and_keep_the_last_success_time()
    {
        var username = await fixture.Users.AddUserAsync();
        var syncedAt = TestData.Epoch.AddDays(3);

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, syncedAt, syncedAt, null, null), None);
        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Error, "GitHub answered 502", syncedAt.AddHours(1), null, null, null), None);
        var failed = await fixture.Users.FindAsync(username, None);
        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, syncedAt.AddHours(3), syncedAt.AddHours(3), null, null), None);
        var recovered = await fixture.Users.FindAsync(username, None);

        Assert.Equal((UserStatus.Error, "GitHub answered 502", syncedAt), (failed?.Status, failed?.LastError, failed?.LastSyncedAt));
        Assert.Equal((UserStatus.Ok, null, syncedAt.AddHours(3)), (recovered?.Status, recovered?.LastError, recovered?.LastSyncedAt));
    }

    [Fact]
    public async Task A_scan_result_for_an_untracked_user_creates_nothing()
    {
        var username = TestData.NewUsername();

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.NotFound, "gone", TestData.Epoch, null, null, null), None);

        Assert.Null(await StorageTestOperations.GetUserItemAsync(fixture.Services, username));
    }

    [Fact]
    public async Task Removing_a_user_deletes_their_gists_and_visits_and_a_second_removal_returns_false()
    {
        var username = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(username, TestData.Gists(130));
        await fixture.Visits.RecordAsync(username, ViewerId.New(), PageRequest.DefaultLimit, None);
        await fixture.Visits.RecordAsync(username, ViewerId.New(), PageRequest.DefaultLimit, None);

        Assert.True(await fixture.Users.RemoveAsync(username, None));

        Assert.Null(await fixture.Users.FindAsync(username, None));
        Assert.Null(await StorageTestOperations.GetUserItemAsync(fixture.Services, username));
        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", username));
        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "visits", username));
        Assert.False(await fixture.Users.RemoveAsync(username, None));
    }

    [Fact]
    public async Task A_removal_interrupted_after_marking_is_finished_by_removing_again()
    {
        var username = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(username, TestData.Gists(5));
        await StorageTestOperations.MarkDeletingAsync(fixture.Services, username);

        Assert.Null(await fixture.Users.FindAsync(username, None));
        Assert.True(await fixture.Users.RemoveAsync(username, None));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", username));
        Assert.Null(await StorageTestOperations.GetUserItemAsync(fixture.Services, username));
    }

    [Fact]
    public async Task Adding_a_user_left_half_removed_purges_the_old_data_first()
    {
        var username = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(username, TestData.Gists(5));
        await fixture.Visits.RecordAsync(username, ViewerId.New(), PageRequest.DefaultLimit, None);
        await StorageTestOperations.MarkDeletingAsync(fixture.Services, username);

        Assert.True(await fixture.Users.TryAddAsync(TestData.NewUser(username), None));

        Assert.Equal(0, (await fixture.Users.FindAsync(username, None))?.GistCount);
        Assert.Empty((await fixture.Gists.ListAsync(username, new PageRequest(), None)).Items);
        var visit = await fixture.Visits.RecordAsync(username, ViewerId.New(), PageRequest.DefaultLimit, None);
        Assert.NotNull(visit);
        Assert.Empty(visit.Gists);
        Assert.Equal(1, await StorageTestOperations.CountItemsAsync(fixture.Services, "visits", username));
    }

    [Fact]
    public async Task No_gist_or_visit_is_written_for_a_user_being_removed()
    {
        var username = await fixture.Users.AddUserAsync();
        await StorageTestOperations.MarkDeletingAsync(fixture.Services, username);

        await Assert.ThrowsAsync<UserNotTrackedException>(() => fixture.Gists.AddAsync(username, TestData.Gists(2)));
        Assert.Null(await fixture.Visits.RecordAsync(username, ViewerId.New(), PageRequest.DefaultLimit, None));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "gists", username));
        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "visits", username));
    }
}
