using System.Net;
using System.Net.Sockets;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Resilience;
using GistCloud.Core.Storage.Schema;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GistCloud.IntegrationTests.Storage;

public sealed class StorageHealthTests(StorageFixture fixture, ITestOutputHelper output) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task Storage_is_ready_when_DynamoDB_answers_and_the_tables_exist()
    {
        output.WriteLine($"DynamoDB Local answered {fixture.DynamoDbLocal.StartupTime.TotalSeconds:0.0} s after the first test asked for it.");

        Assert.True(await fixture.Services.Health.IsReadyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Storage_is_not_ready_when_the_tables_are_missing()
    {
        using var client = fixture.DynamoDbLocal.CreateClient();
        var health = Health(client, DynamoDbLocal.NewTablePrefix());

        Assert.False(await health.IsReadyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Storage_is_not_ready_when_nothing_listens()
    {
        using var client = DynamoDbLocal.CreateClient($"http://127.0.0.1:{ClosedPort()}");
        var health = Health(client, fixture.TablePrefix);

        Assert.False(await health.IsReadyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_probe_answers_not_ready_at_its_timeout_when_DynamoDB_never_answers()
    {
        // A socket that accepts and never answers: only the probe's own timeout can end the call.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        using var client = DynamoDbLocal.CreateClient($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var clock = new TestClock();
        var health = Health(client, fixture.TablePrefix, clock);

        var probe = health.IsReadyAsync(CancellationToken.None);
        using var connection = await accepted.WaitAsync(TestClock.SafetyCap); // the request is on its way
        await clock.WaitForTimerAsync(StorageHealth.Timeout);
        Assert.False(probe.IsCompleted);
        clock.Advance(StorageHealth.Timeout);

        Assert.False(await probe.WaitAsync(TestClock.SafetyCap));
    }

    private static StorageHealth Health(Amazon.DynamoDBv2.IAmazonDynamoDB client, string prefix, TimeProvider? time = null)
    {
        var options = Options.Create(new StorageOptions { TablePrefix = prefix });
        var circuit = new StorageCircuit(options, time ?? TimeProvider.System, NullLogger<StorageCircuit>.Instance);
        return new(client, circuit, options, time ?? TimeProvider.System, NullLogger<StorageHealth>.Instance);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
