using Amazon.DynamoDBv2;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Storage.Visits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>
/// The storage layer as the app wires it (<see cref="StorageServiceCollectionExtensions.AddGistCloudStorage"/>),
/// against the shared DynamoDB Local, with tables of its own: one per test class, so no class sees another's data.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    public DynamoDbLocal DynamoDbLocal { get; private set; } = null!;

    public StorageServices Services { get; private set; } = null!;

    public string TablePrefix => Services.TablePrefix;

    public UserStore Users => Services.Users;

    public GistStore Gists => Services.Gists;

    public GistOutbox Outbox => Services.Outbox;

    public VisitLedger Visits => Services.Visits;

    public SyncRunStore SyncRuns => Services.SyncRuns;

    public IAmazonDynamoDB DynamoDb => Services.DynamoDb;

    public async Task InitializeAsync()
    {
        DynamoDbLocal = await DynamoDbLocal.GetAsync();
        Services = await CreateServicesAsync(DynamoDbLocal.NewTablePrefix());
    }

    /// <summary>Stores on tables nobody else uses, for tests that look at a whole table (listing every user).</summary>
    public Task<StorageServices> CreateIsolatedServicesAsync() => CreateServicesAsync(DynamoDbLocal.NewTablePrefix());

    public Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        return Task.CompletedTask;
    }

    private async Task<StorageServices> CreateServicesAsync(string prefix)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageServiceCollectionExtensions.EndpointKey] = DynamoDbLocal.ServiceUrl,
                ["Storage:TablePrefix"] = prefix,
            })
            .Build();
        var provider = new ServiceCollection()
            .AddLogging()
            .AddGistCloudStorage(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);

        // The endpoint is set, so CreateTables defaults to on: this is the path a local run of the app takes.
        if (!await provider.EnsureGistCloudTablesAsync(CancellationToken.None))
        {
            throw new InvalidOperationException("Tables were not created although a local endpoint is configured.");
        }

        return new StorageServices(
            prefix,
            provider.GetRequiredService<IAmazonDynamoDB>(),
            provider.GetRequiredService<UserStore>(),
            provider.GetRequiredService<GistStore>(),
            provider.GetRequiredService<GistOutbox>(),
            provider.GetRequiredService<VisitLedger>(),
            provider.GetRequiredService<StorageHealth>(),
            provider.GetRequiredService<SyncRunStore>(),
            provider.GetRequiredService<SyncLease>());
    }
}

public sealed record StorageServices(
    string TablePrefix,
    IAmazonDynamoDB DynamoDb,
    UserStore Users,
    GistStore Gists,
    GistOutbox Outbox,
    VisitLedger Visits,
    StorageHealth Health,
    SyncRunStore SyncRuns,
    SyncLease Lease);
