using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GistCloud.Core.Storage;
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
    public async Task Storage_is_not_ready_when_nothing_listens_and_the_probe_answers_quickly()
    {
        using var client = DynamoDbLocal.CreateClient($"http://127.0.0.1:{ClosedPort()}");
        var health = Health(client, fixture.TablePrefix);
        var clock = Stopwatch.StartNew();

        Assert.False(await health.IsReadyAsync(CancellationToken.None));
        Assert.True(clock.Elapsed < StorageHealth.Timeout + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    private static StorageHealth Health(Amazon.DynamoDBv2.IAmazonDynamoDB client, string prefix) =>
        new(client, Options.Create(new StorageOptions { TablePrefix = prefix }), TimeProvider.System, NullLogger<StorageHealth>.Instance);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
