using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Storage.Schema;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Storage;

public sealed class TableCreationTests
{
    [Fact]
    public async Task Creating_the_tables_twice_is_harmless_and_they_match_the_definitions()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var client = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();

        await TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None);
        await TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None);

        foreach (var definition in GistCloudTables.All)
        {
            var table = (await client.DescribeTableAsync(definition.TableName(prefix))).Table;
            Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
            Assert.Empty(definition.Differences(table));
            Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
            var ttl = (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table.TableName })).TimeToLiveDescription;
            Assert.Null(definition.TimeToLiveDifference(ttl));
        }

        Assert.Equal(
            ["gists", "sync-runs", "users", "visits"],
            (await ListTablesAsync(client)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..]).Order());
    }

    [Fact]
    public async Task Two_processes_creating_the_same_tables_at_once_both_succeed()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var first = local.CreateClient();
        using var second = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();

        await Task.WhenAll(
            TableCreator.EnsureCreatedAsync(first, prefix, TimeProvider.System, CancellationToken.None),
            TableCreator.EnsureCreatedAsync(second, prefix, TimeProvider.System, CancellationToken.None));

        foreach (var definition in GistCloudTables.All)
        {
            Assert.Empty(definition.Differences((await first.DescribeTableAsync(definition.TableName(prefix))).Table));
        }

        var ttl = await first.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = GistCloudTables.SyncRuns.Definition.TableName(prefix) });
        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveDescription.TimeToLiveStatus);
    }

    [Fact]
    public async Task A_visits_table_from_before_visits_expired_gets_its_ttl_turned_on()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var client = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();
        var name = GistCloudTables.Visits.Definition.TableName(prefix);
        await client.CreateTableAsync((GistCloudTables.Visits.Definition with { TimeToLiveAttribute = null }).ToCreateTableRequest(prefix));
        var before = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = name });
        Assert.Equal(TimeToLiveStatus.DISABLED, before.TimeToLiveDescription.TimeToLiveStatus);

        await TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None);

        var after = (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = name })).TimeToLiveDescription;
        Assert.Equal(TimeToLiveStatus.ENABLED, after.TimeToLiveStatus);
        Assert.Equal(GistCloudTables.Visits.ExpiresAt, after.AttributeName);
    }

    [Fact]
    public async Task A_gists_table_from_before_the_outbox_index_is_reported_so_its_local_data_is_recreated()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var client = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();
        var old = GistCloudTables.Gists.Definition with
        {
            LocalIndexes = [.. GistCloudTables.Gists.Definition.LocalIndexes.Where(i => i.Name != GistCloudTables.Gists.ByOutboxIndex)],
        };
        await client.CreateTableAsync(old.ToCreateTableRequest(prefix));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None));

        Assert.Contains("local index by-outbox is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_runs_table_whose_ttl_is_on_another_attribute_is_reported()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var client = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();
        var name = GistCloudTables.SyncRuns.Definition.TableName(prefix);
        await client.CreateTableAsync(GistCloudTables.SyncRuns.Definition.ToCreateTableRequest(prefix));
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = "deleteAt" },
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None));

        Assert.Contains("time to live should be on expiresAt but is on deleteAt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_table_with_other_keys_is_reported_not_used()
    {
        var local = await DynamoDbLocal.GetAsync();
        using var client = local.CreateClient();
        var prefix = DynamoDbLocal.NewTablePrefix();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = prefix + "gists",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None));

        Assert.Contains(prefix + "gists", error.Message, StringComparison.Ordinal);
        Assert.Contains("local index by-seq is missing", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ListTablesAsync(AmazonDynamoDBClient client)
    {
        var names = new List<string>();
        var request = new ListTablesRequest();
        do
        {
            var response = await client.ListTablesAsync(request);
            names.AddRange(response.TableNames ?? []);
            request.ExclusiveStartTableName = response.LastEvaluatedTableName;
        }
        while (request.ExclusiveStartTableName is not null);

        return names;
    }
}
