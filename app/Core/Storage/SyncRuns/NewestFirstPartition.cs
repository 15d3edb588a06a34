using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.Core.Storage.SyncRuns;

/// <summary>
/// A page of one partition of the sync-runs table, newest first: runs and the activity log both key their items by a
/// version 7 GUID in "N" form, which sorts by time, so a descending Query is the list and the cursor is the last key
/// (bound to <c>cursorScope</c>, so one list's cursor is refused by the other).
/// </summary>
internal static class NewestFirstPartition
{
    public static async Task<(List<Dictionary<string, AttributeValue>> Items, string? NextCursor)> QueryAsync(
        IAmazonDynamoDB dynamoDb, string table, string partition, string cursorScope, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Limit, 1, nameof(page));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page.Limit, PageRequest.MaxLimit, nameof(page));

        var request = new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = Table.Pk },
            ExpressionAttributeValues = new() { [":pk"] = S(partition) },
            ScanIndexForward = false,
        };
        if (page.Cursor is not null)
        {
            var after = PageCursor.Decode(page.Cursor, cursorScope, keyCount: 1)[0];
            request.ExclusiveStartKey = SyncRunItem.TryNormalizeRunId(after, out var id) && id == after
                ? Key(partition, id)
                : throw new InvalidCursorException("The cursor is not one this list gave out.");
        }

        var (items, hasMore) = await dynamoDb.QueryPageAsync(request, page.Limit, cancellationToken);
        return (items, hasMore ? PageCursor.Encode(cursorScope, items[^1][Table.Sk].S) : null);
    }

    public static Dictionary<string, AttributeValue> Key(string partition, string id) => new()
    {
        [Table.Pk] = S(partition),
        [Table.Sk] = S(id),
    };
}
