using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Storage.Schema;

namespace GistCloud.UnitTests.Storage;

public sealed class TableDefinitionTests
{
    [Fact]
    public void Table_names_are_the_prefix_and_the_table()
    {
        Assert.Equal(["p-users", "p-gists", "p-visits", "p-sync-runs"], GistCloudTables.All.Select(t => t.TableName("p-")));
    }

    [Fact]
    public void The_gists_table_is_built_as_designed()
    {
        var request = GistCloudTables.Gists.Definition.ToCreateTableRequest("p-");

        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        Assert.Equal(["username:HASH", "gistId:RANGE"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(
            ["username:S", "gistId:S", "seq:N", "createdKey:S", "outboxSeq:N"],
            request.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}"));
        Assert.Equal(
            ["by-seq(username:HASH,seq:RANGE)ALL", "by-created(username:HASH,createdKey:RANGE)ALL", "by-outbox(username:HASH,outboxSeq:RANGE)ALL"],
            request.LocalSecondaryIndexes.Select(i => $"{i.IndexName}({string.Join(",", i.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"))}){i.Projection.ProjectionType.Value}"));
        Assert.Null(request.GlobalSecondaryIndexes);
        Assert.Null(GistCloudTables.Gists.Definition.TimeToLiveAttribute);
    }

    [Fact]
    public void The_sync_runs_table_has_a_generic_key_no_index_and_expires_items_by_expiresAt()
    {
        var definition = GistCloudTables.SyncRuns.Definition;
        var request = definition.ToCreateTableRequest("p-");

        Assert.Equal("p-sync-runs", request.TableName);
        Assert.Equal(["pk:HASH", "sk:RANGE"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(["pk:S", "sk:S"], request.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}"));
        Assert.Null(request.LocalSecondaryIndexes);
        Assert.Null(request.GlobalSecondaryIndexes);
        Assert.Equal("expiresAt", definition.TimeToLiveAttribute);
    }

    [Fact]
    public void Time_to_live_matches_only_when_on_for_the_defined_attribute()
    {
        var runs = GistCloudTables.SyncRuns.Definition;
        static TimeToLiveDescription Ttl(TimeToLiveStatus status, string? attribute = null) => new() { TimeToLiveStatus = status, AttributeName = attribute };

        Assert.Null(runs.TimeToLiveDifference(Ttl(TimeToLiveStatus.ENABLED, "expiresAt")));
        Assert.Null(runs.TimeToLiveDifference(Ttl(TimeToLiveStatus.ENABLING, "expiresAt")));
        Assert.Equal("time to live should be on expiresAt but is off", runs.TimeToLiveDifference(Ttl(TimeToLiveStatus.DISABLED)));
        Assert.Equal("time to live should be on expiresAt but is on ttl", runs.TimeToLiveDifference(Ttl(TimeToLiveStatus.ENABLED, "ttl")));
        Assert.Null(GistCloudTables.Users.Definition.TimeToLiveDifference(Ttl(TimeToLiveStatus.DISABLED)));
        Assert.Equal("time to live should be off but is on ttl", GistCloudTables.Users.Definition.TimeToLiveDifference(Ttl(TimeToLiveStatus.ENABLED, "ttl")));
    }

    [Fact]
    public void The_users_table_has_only_a_hash_key_and_a_global_index_for_sorted_listing()
    {
        var request = GistCloudTables.Users.Definition.ToCreateTableRequest("p-");

        Assert.Equal(["username:HASH"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        var index = Assert.Single(request.GlobalSecondaryIndexes);
        Assert.Equal("by-username", index.IndexName);
        Assert.Equal(["listKey:HASH", "username:RANGE"], index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Null(request.LocalSecondaryIndexes);
    }

    [Fact]
    public void The_visits_table_finds_a_viewers_visits_through_a_local_index()
    {
        var request = GistCloudTables.Visits.Definition.ToCreateTableRequest("p-");

        var index = Assert.Single(request.LocalSecondaryIndexes);
        Assert.Equal(["username:HASH", "viewerKey:RANGE"], index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
    }

    [Fact]
    public void A_table_described_as_created_has_no_differences_and_a_changed_one_has_them()
    {
        foreach (var definition in GistCloudTables.All)
        {
            Assert.Empty(definition.Differences(Describe(definition.ToCreateTableRequest("p-"))));
        }

        var gists = GistCloudTables.Gists.Definition.ToCreateTableRequest("p-");
        gists.LocalSecondaryIndexes.RemoveAt(0);
        gists.AttributeDefinitions.Single(a => a.AttributeName == "seq").AttributeType = ScalarAttributeType.S;

        Assert.Equal(
            ["attribute seq should be N but is S", "local index by-seq is missing"],
            GistCloudTables.Gists.Definition.Differences(Describe(gists)));

        var withoutOutbox = GistCloudTables.Gists.Definition.ToCreateTableRequest("p-");
        withoutOutbox.LocalSecondaryIndexes.RemoveAll(i => i.IndexName == "by-outbox");
        withoutOutbox.AttributeDefinitions.RemoveAll(a => a.AttributeName == "outboxSeq");

        Assert.Equal(
            ["attribute outboxSeq should be N but is undefined", "local index by-outbox is missing"],
            GistCloudTables.Gists.Definition.Differences(Describe(withoutOutbox)));
    }

    private static TableDescription Describe(CreateTableRequest request) => new()
    {
        TableName = request.TableName,
        KeySchema = request.KeySchema,
        AttributeDefinitions = request.AttributeDefinitions,
        LocalSecondaryIndexes = request.LocalSecondaryIndexes?.Select(i => new LocalSecondaryIndexDescription { IndexName = i.IndexName, KeySchema = i.KeySchema, Projection = i.Projection }).ToList(),
        GlobalSecondaryIndexes = request.GlobalSecondaryIndexes?.Select(i => new GlobalSecondaryIndexDescription { IndexName = i.IndexName, KeySchema = i.KeySchema, Projection = i.Projection }).ToList(),
    };
}
