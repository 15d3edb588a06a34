using Amazon.DynamoDBv2;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Storage.Visits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GistCloud.UnitTests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void An_invalid_table_prefix_fails_validation_naming_the_key()
    {
        using var services = Build(new() { ["Storage:TablePrefix"] = "bad prefix!" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage:TablePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_created_at_start_by_default_only_with_a_local_endpoint()
    {
        using var local = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000" });
        using var aws = Build(new() { ["AWS_REGION"] = "eu-west-1" });
        using var forced = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000", ["Storage:CreateTables"] = "false" });

        Assert.True(local.GetRequiredService<IOptions<StorageOptions>>().Value.CreateTables);
        Assert.False(aws.GetRequiredService<IOptions<StorageOptions>>().Value.CreateTables);
        Assert.False(forced.GetRequiredService<IOptions<StorageOptions>>().Value.CreateTables);
    }

    [Fact]
    public void Attempts_are_short_on_AWS_longer_on_DynamoDB_Local_and_configurable()
    {
        using var aws = Build(new() { ["AWS_REGION"] = "eu-west-1" });
        using var local = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000" });
        using var set = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000", ["Storage:AttemptTimeout"] = "00:00:00.500", ["Storage:MaxRetries"] = "2" });
        using var bad = Build(new() { ["Storage:MaxRetries"] = "11" });

        Assert.Equal(TimeSpan.FromMilliseconds(300), aws.GetRequiredService<IOptions<StorageOptions>>().Value.AttemptTimeout);
        Assert.Equal(1, aws.GetRequiredService<IOptions<StorageOptions>>().Value.MaxRetries);
        Assert.Equal(StorageOptions.LocalAttemptTimeout, local.GetRequiredService<IOptions<StorageOptions>>().Value.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.GetRequiredService<IOptions<StorageOptions>>().Value.AttemptTimeout);
        Assert.Equal(2, Assert.IsType<AmazonDynamoDBClient>(set.GetRequiredService<IAmazonDynamoDB>()).Config.MaxErrorRetry);
        var error = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_local_endpoint_the_client_talks_to_it()
    {
        using var services = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000" });

        var client = Assert.IsType<AmazonDynamoDBClient>(services.GetRequiredService<IAmazonDynamoDB>());

        Assert.StartsWith("http://127.0.0.1:8000", client.Config.ServiceURL, StringComparison.Ordinal);
        Assert.Equal("us-east-1", client.Config.AuthenticationRegion);
    }

    [Fact]
    public void The_stores_and_the_probe_are_single_instances()
    {
        using var services = Build(new() { [StorageServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:8000" });

        Assert.Same(services.GetRequiredService<GistStore>(), services.GetRequiredService<GistStore>());
        Assert.NotNull(services.GetRequiredService<UserStore>());
        Assert.NotNull(services.GetRequiredService<VisitLedger>());
        Assert.NotNull(services.GetRequiredService<StorageHealth>());
        Assert.Same(services.GetRequiredService<SyncRunStore>(), services.GetRequiredService<SyncRunStore>());
        Assert.Same(services.GetRequiredService<SyncLease>(), services.GetRequiredService<SyncLease>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddGistCloudStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
