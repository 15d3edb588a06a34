using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Storage.Schema;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Reads DynamoDB directly, to check what the API really left in the tables.</summary>
internal static class StoredItems
{
    /// <summary>Items under the user's partition key in the users, gists and visits tables.</summary>
    public static async Task<int> CountForUserAsync(GistCloudApiFactory app, string username)
    {
        using var client = app.DynamoDb.CreateClient();
        var total = 0;
        foreach (var table in GistCloudTables.All)
        {
            var response = await client.QueryAsync(new QueryRequest
            {
                TableName = table.TableName(app.TablePrefix),
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = table.HashKey.Name },
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = username } },
                Select = Amazon.DynamoDBv2.Select.COUNT,
                ConsistentRead = true,
            });
            total += response.Count ?? 0;
        }

        return total;
    }
}
