using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;

namespace GistCloud.Core.Storage.Users;

/// <summary>
/// Deletes a user marked <c>deleting</c>: their gists, their visits, then the user item. Safe to run again after a
/// crash and from two callers at once, because every step only deletes what is still there. While the user item
/// says <c>deleting</c>, no gist or visit can be written for it (both writes are conditioned on the user's status).
/// </summary>
internal sealed class UserDataPurge(IAmazonDynamoDB dynamoDb, string tablePrefix, TimeProvider time)
{
    private readonly string _users = GistCloudTables.Users.Definition.TableName(tablePrefix);
    private readonly string _gists = GistCloudTables.Gists.Definition.TableName(tablePrefix);
    private readonly string _visits = GistCloudTables.Visits.Definition.TableName(tablePrefix);

    /// <returns>How many gists and visits were deleted.</returns>
    public async Task<(int Gists, int Visits)> PurgeAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        var gists = await DeletePartitionAsync(_gists, GistCloudTables.Gists.Username, GistCloudTables.Gists.GistId, username, cancellationToken);
        var visits = await DeletePartitionAsync(_visits, GistCloudTables.Visits.Username, GistCloudTables.Visits.VisitId, username, cancellationToken);

        try
        {
            // Only while still marked: a user added again after a concurrent purge finished must survive this one.
            await dynamoDb.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = _users,
                    Key = UserItem.Key(username),
                    ConditionExpression = "#status = :deleting",
                    ExpressionAttributeNames = new() { ["#status"] = GistCloudTables.Users.Status },
                    ExpressionAttributeValues = new() { [":deleting"] = S(UserItem.Deleting) },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already deleted (or re-added) by someone else: nothing left to do.
        }

        return (gists, visits);
    }

    /// <summary>Deletes every item of the user's partition, one page of keys at a time so memory stays bounded.</summary>
    private async Task<int> DeletePartitionAsync(string table, string hashKey, string rangeKey, GitHubUsername username, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "#pk = :pk",
            ProjectionExpression = "#pk, #sk",
            ExpressionAttributeNames = new() { ["#pk"] = hashKey, ["#sk"] = rangeKey },
            ExpressionAttributeValues = new() { [":pk"] = S(username.Value) },
            ConsistentRead = true,
        };

        var deleted = 0;
        do
        {
            var page = await dynamoDb.QueryAsync(request, cancellationToken);
            var keys = page.Items ?? [];
            await dynamoDb.BatchDeleteAllAsync(table, keys, time, cancellationToken);
            deleted += keys.Count;
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return deleted;
    }
}
