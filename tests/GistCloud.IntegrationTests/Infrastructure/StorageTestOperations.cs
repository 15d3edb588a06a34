using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Schema;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>Raw DynamoDB reads and writes that bypass the stores: to check stored state, or to simulate a crash mid-way.</summary>
public static class StorageTestOperations
{
    /// <summary>What an interrupted removal leaves behind: the user marked, their data still there.</summary>
    public static Task MarkDeletingAsync(StorageServices services, GitHubUsername username) =>
        services.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = GistCloudTables.Users.Definition.TableName(services.TablePrefix),
            Key = new() { [GistCloudTables.Users.Username] = new AttributeValue { S = username.Value } },
            UpdateExpression = "SET #status = :deleting",
            ExpressionAttributeNames = new() { ["#status"] = GistCloudTables.Users.Status },
            ExpressionAttributeValues = new() { [":deleting"] = new AttributeValue { S = "deleting" } },
        });

    public static async Task<Dictionary<string, AttributeValue>?> GetUserItemAsync(StorageServices services, GitHubUsername username)
    {
        var response = await services.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = GistCloudTables.Users.Definition.TableName(services.TablePrefix),
            Key = new() { [GistCloudTables.Users.Username] = new AttributeValue { S = username.Value } },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public static Task<Dictionary<string, AttributeValue>?> GetGistItemAsync(StorageServices services, GitHubUsername owner, string gistId) =>
        GetItemAsync(services, GistCloudTables.Gists.Definition, new()
        {
            [GistCloudTables.Gists.Username] = new AttributeValue { S = owner.Value },
            [GistCloudTables.Gists.GistId] = new AttributeValue { S = gistId },
        });

    public static Task<Dictionary<string, AttributeValue>?> GetVisitItemAsync(StorageServices services, GitHubUsername owner, string visitId) =>
        GetItemAsync(services, GistCloudTables.Visits.Definition, new()
        {
            [GistCloudTables.Visits.Username] = new AttributeValue { S = owner.Value },
            [GistCloudTables.Visits.VisitId] = new AttributeValue { S = visitId },
        });

    /// <summary>A sync-runs item: a run (<c>run</c>, id) or the lease (<c>lease</c>, <c>sync</c>).</summary>
    public static Task<Dictionary<string, AttributeValue>?> GetSyncItemAsync(StorageServices services, string pk, string sk) =>
        GetItemAsync(services, GistCloudTables.SyncRuns.Definition, new()
        {
            [GistCloudTables.SyncRuns.Pk] = new AttributeValue { S = pk },
            [GistCloudTables.SyncRuns.Sk] = new AttributeValue { S = sk },
        });

    /// <summary>Deletes a gist behind the store's back, as a concurrent removal of its user does.</summary>
    public static Task DeleteGistItemAsync(StorageServices services, GitHubUsername owner, string gistId) =>
        services.DynamoDb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = GistCloudTables.Gists.Definition.TableName(services.TablePrefix),
            Key = new()
            {
                [GistCloudTables.Gists.Username] = new AttributeValue { S = owner.Value },
                [GistCloudTables.Gists.GistId] = new AttributeValue { S = gistId },
            },
        });

    private static async Task<Dictionary<string, AttributeValue>?> GetItemAsync(StorageServices services, TableDefinition table, Dictionary<string, AttributeValue> key)
    {
        var response = await services.DynamoDb.GetItemAsync(new GetItemRequest { TableName = table.TableName(services.TablePrefix), Key = key, ConsistentRead = true });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>Items in the user's partition of a table (<c>gists</c> or <c>visits</c>), counted by a consistent Query.</summary>
    public static async Task<int> CountItemsAsync(StorageServices services, string tableSuffix, GitHubUsername username)
    {
        var request = new QueryRequest
        {
            TableName = services.TablePrefix + tableSuffix,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = "username" },
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = username.Value } },
            Select = Amazon.DynamoDBv2.Select.COUNT,
            ConsistentRead = true,
        };
        var count = 0;
        do
        {
            var response = await services.DynamoDb.QueryAsync(request);
            count += response.Count ?? 0;
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return count;
    }

    /// <summary>The discovery sequence numbers of the user's stored gists, ascending.</summary>
    public static async Task<List<long>> SeqsAsync(StorageServices services, GitHubUsername username)
    {
        var request = new QueryRequest
        {
            TableName = GistCloudTables.Gists.Definition.TableName(services.TablePrefix),
            IndexName = GistCloudTables.Gists.BySeqIndex,
            KeyConditionExpression = "#pk = :pk",
            ProjectionExpression = "#seq",
            ExpressionAttributeNames = new() { ["#pk"] = GistCloudTables.Gists.Username, ["#seq"] = GistCloudTables.Gists.Seq },
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = username.Value } },
            ConsistentRead = true,
        };
        var seqs = new List<long>();
        do
        {
            var response = await services.DynamoDb.QueryAsync(request);
            seqs.AddRange((response.Items ?? []).Select(i => long.Parse(i[GistCloudTables.Gists.Seq].N, System.Globalization.CultureInfo.InvariantCulture)));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return seqs;
    }
}
