using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Users;
using GistCloud.IntegrationTests.Infrastructure;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.IntegrationTests.Storage;

public sealed class UserSyncStateTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset CheckedAt = TestData.Epoch.AddDays(10).AddTicks(1234567);

    [Fact]
    public async Task A_sync_scan_records_status_times_watermark_and_etag()
    {
        var username = await fixture.Users.AddUserAsync();
        var watermark = CheckedAt.AddMinutes(-5);

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, CheckedAt, CheckedAt, watermark, "W/\"etag-1\""), None);

        var user = await fixture.Users.FindAsync(username, None);
        Assert.Equal((UserStatus.Ok, null, CheckedAt), (user?.Status, user?.LastError, user?.LastSyncedAt));
        Assert.Equal(new UserSyncState(watermark, "W/\"etag-1\"", null, CheckedAt), user?.Sync);
        var item = await StorageTestOperations.GetUserItemAsync(fixture.Services, username);
        Assert.Equal("W/\"etag-1\"", item![Table.GistsETag].S);
        Assert.Equal(AttributeValues.FormatTimestamp(watermark), item[Table.Watermark].S);
    }

    [Fact]
    public async Task A_failed_scan_keeps_the_watermark_and_last_sync_but_removes_the_etag_and_records_the_error()
    {
        var username = await fixture.Users.AddUserAsync();
        var watermark = CheckedAt.AddMinutes(-5);
        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, CheckedAt, CheckedAt, watermark, "\"etag-1\""), None);
        var failedAt = CheckedAt.AddHours(3);

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Error, "GitHub answered 502", failedAt, null, null, null), None);

        var user = await fixture.Users.FindAsync(username, None);
        Assert.Equal((UserStatus.Error, "GitHub answered 502", CheckedAt), (user?.Status, user?.LastError, user?.LastSyncedAt));
        Assert.Equal(new UserSyncState(watermark, null, null, failedAt), user?.Sync);
        Assert.False((await StorageTestOperations.GetUserItemAsync(fixture.Services, username))!.ContainsKey(Table.GistsETag));
    }

    [Fact]
    public async Task A_later_successful_scan_moves_the_watermark_and_clears_the_error()
    {
        var username = await fixture.Users.AddUserAsync();
        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Error, "timeout", CheckedAt, null, CheckedAt.AddDays(-1), null), None);
        var later = CheckedAt.AddHours(3);

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, later, later, later.AddMinutes(-1), "\"etag-2\""), None);

        var user = await fixture.Users.FindAsync(username, None);
        Assert.Equal((UserStatus.Ok, null, later), (user?.Status, user?.LastError, user?.LastSyncedAt));
        Assert.Equal(new UserSyncState(later.AddMinutes(-1), "\"etag-2\"", null, later), user?.Sync);
        Assert.False((await StorageTestOperations.GetUserItemAsync(fixture.Services, username))!.ContainsKey(Table.LastError));
    }

    [Fact]
    public async Task A_late_scan_of_a_removed_user_does_not_recreate_it()
    {
        var username = await fixture.Users.AddUserAsync();
        Assert.True(await fixture.Users.RemoveAsync(username, None));

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, CheckedAt, CheckedAt, CheckedAt, "\"etag\""), None);
        await fixture.Users.SetPipedrivePersonAsync(username, 42, None);

        Assert.Null(await StorageTestOperations.GetUserItemAsync(fixture.Services, username));
    }

    [Fact]
    public async Task A_scan_of_a_user_being_removed_leaves_the_item_as_the_removal_left_it()
    {
        var username = await fixture.Users.AddUserAsync();
        await StorageTestOperations.MarkDeletingAsync(fixture.Services, username);

        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, CheckedAt, CheckedAt, CheckedAt, "\"etag\""), None);

        var item = await StorageTestOperations.GetUserItemAsync(fixture.Services, username);
        Assert.Equal("deleting", item![Table.Status].S);
        Assert.False(item.ContainsKey(Table.Watermark));
        Assert.False(item.ContainsKey(Table.LastCheckedAt));
    }

    [Fact]
    public async Task The_pipedrive_person_is_remembered_and_survives_later_scans()
    {
        var username = await fixture.Users.AddUserAsync();

        await fixture.Users.SetPipedrivePersonAsync(username, 9_876_543_210, None);
        await fixture.Users.RecordSyncScanAsync(username, new UserScan(UserStatus.Ok, null, CheckedAt, CheckedAt, null, null), None);

        Assert.Equal(new UserSyncState(null, null, 9_876_543_210, CheckedAt), (await fixture.Users.FindAsync(username, None))?.Sync);
    }

    [Fact]
    public async Task Listing_all_users_reads_every_page_of_the_index_and_skips_users_being_removed()
    {
        var isolated = await fixture.CreateIsolatedServicesAsync();
        var count = (UserStore.ListAllPageSize * 2) + 5;
        var names = Enumerable.Range(0, count).Select(i => GitHubUsername.Parse($"many-{i:D4}")).ToList();
        foreach (var chunk in names.Chunk(25))
        {
            await Task.WhenAll(chunk.Select(async n => Assert.True(await isolated.Users.TryAddAsync(TestData.NewUser(n), None))));
        }

        await StorageTestOperations.MarkDeletingAsync(isolated, names[7]);
        await StorageTestOperations.MarkDeletingAsync(isolated, names[^1]);
        await isolated.Users.SetPipedrivePersonAsync(names[150], 150, None);

        var all = await isolated.Users.ListAllAsync(None);

        Assert.Equal(names.Where((_, i) => i != 7 && i != count - 1).Select(n => n.Value), all.Select(u => u.Username.Value));
        Assert.Equal(150, all.Single(u => u.Username == names[150]).SyncState.PipedrivePersonId);
        Assert.All(all.Where(u => u.Username != names[150]), u => Assert.Null(u.Sync));
    }
}
