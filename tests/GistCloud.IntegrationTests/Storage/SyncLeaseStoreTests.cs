using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.IntegrationTests.Storage;

/// <summary>The lease item itself (the engine's use of it is covered by the sync tests). Each test has tables of its own: there is one lease per table.</summary>
public sealed class SyncLeaseStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _clock = new(TestData.Epoch);

    [Fact]
    public async Task A_free_lease_is_acquired_until_now_plus_its_duration()
    {
        var (lease, services) = await NewLeaseAsync();

        var attempt = await lease.TryAcquireAsync("run-a", Duration, None);

        Assert.Equal(new LeaseAttempt(true, "run-a", TestData.Epoch + Duration), attempt);
        var item = await StorageTestOperations.GetSyncItemAsync(services, Table.LeasePartition, Table.LeaseSortKey);
        Assert.Equal(("run-a", AttributeValues.FormatTimestamp(TestData.Epoch + Duration)), (item![Table.LeaseHolder].S, item[Table.LeaseExpiresAt].S));
    }

    [Fact]
    public async Task A_second_holder_is_refused_and_told_who_holds_it_until_when()
    {
        var (lease, _) = await NewLeaseAsync();
        await lease.TryAcquireAsync("run-a", Duration, None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var refused = await lease.TryAcquireAsync("run-b", Duration, None);

        Assert.Equal(new LeaseAttempt(false, "run-a", TestData.Epoch + Duration), refused);
    }

    [Fact]
    public async Task The_holder_acquiring_again_extends_its_own_lease()
    {
        var (lease, _) = await NewLeaseAsync();
        await lease.TryAcquireAsync("run-a", Duration, None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = await lease.TryAcquireAsync("run-a", Duration, None);

        Assert.Equal(new LeaseAttempt(true, "run-a", TestData.Epoch.AddMinutes(1) + Duration), again);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_its_old_holder_can_neither_renew_nor_release_it()
    {
        var (lease, services) = await NewLeaseAsync();
        await lease.TryAcquireAsync("crashed-run", Duration, None);
        _clock.Advance(Duration + TimeSpan.FromTicks(1));

        var takeover = await lease.TryAcquireAsync("run-b", Duration, None);
        var renewed = await lease.RenewAsync("crashed-run", Duration, None);
        await lease.ReleaseAsync("crashed-run", None);

        Assert.Equal(new LeaseAttempt(true, "run-b", _clock.GetUtcNow() + Duration), takeover);
        Assert.False(renewed);
        Assert.Equal("run-b", (await StorageTestOperations.GetSyncItemAsync(services, Table.LeasePartition, Table.LeaseSortKey))![Table.LeaseHolder].S);
    }

    [Fact]
    public async Task A_lease_at_its_exact_expiry_instant_is_still_held()
    {
        var (lease, _) = await NewLeaseAsync();
        await lease.TryAcquireAsync("run-a", Duration, None);
        _clock.Advance(Duration);

        Assert.False((await lease.TryAcquireAsync("run-b", Duration, None)).Acquired);
    }

    [Fact]
    public async Task Only_the_holder_renews_and_renewal_moves_the_expiry_from_now()
    {
        var (lease, _) = await NewLeaseAsync();
        await lease.TryAcquireAsync("run-a", Duration, None);
        _clock.Advance(TimeSpan.FromMinutes(1.5));

        var byHolder = await lease.RenewAsync("run-a", Duration, None);
        var byOther = await lease.RenewAsync("run-b", Duration, None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var refused = await lease.TryAcquireAsync("run-b", Duration, None);

        Assert.True(byHolder);
        Assert.False(byOther);
        Assert.Equal(new LeaseAttempt(false, "run-a", TestData.Epoch.AddMinutes(1.5) + Duration), refused);
    }

    [Fact]
    public async Task Releasing_lets_another_acquire_at_once_and_releasing_twice_is_harmless()
    {
        var (lease, services) = await NewLeaseAsync();
        await lease.TryAcquireAsync("run-a", Duration, None);

        await lease.ReleaseAsync("run-a", None);
        Assert.Null(await StorageTestOperations.GetSyncItemAsync(services, Table.LeasePartition, Table.LeaseSortKey));
        await lease.ReleaseAsync("run-a", None);
        var next = await lease.TryAcquireAsync("run-b", Duration, None);

        Assert.True(next.Acquired);
        Assert.False(await lease.RenewAsync("run-a", Duration, None));
    }

    [Fact]
    public async Task Of_two_concurrent_acquisitions_exactly_one_wins_and_the_other_learns_who()
    {
        var (first, services) = await NewLeaseAsync();
        // A second process: its own client and lease object over the same table.
        using var otherClient = fixture.DynamoDbLocal.CreateClient();
        var second = new SyncLease(otherClient, Options.Create(new StorageOptions { TablePrefix = services.TablePrefix }), _clock, NullLogger<SyncLease>.Instance);

        for (var round = 0; round < 20; round++)
        {
            var attempts = await Task.WhenAll(
                Task.Run(() => first.TryAcquireAsync($"a{round}", Duration, None)),
                Task.Run(() => second.TryAcquireAsync($"b{round}", Duration, None)));

            var winner = Assert.Single(attempts, a => a.Acquired);
            var loser = Assert.Single(attempts, a => !a.Acquired);
            Assert.Equal(winner.Holder, loser.Holder);
            await first.ReleaseAsync(winner.Holder, None);
        }
    }

    private async Task<(SyncLease Lease, StorageServices Services)> NewLeaseAsync()
    {
        var services = await fixture.CreateIsolatedServicesAsync();
        var lease = new SyncLease(services.DynamoDb, Options.Create(new StorageOptions { TablePrefix = services.TablePrefix }), _clock, NullLogger<SyncLease>.Instance);
        return (lease, services);
    }
}
