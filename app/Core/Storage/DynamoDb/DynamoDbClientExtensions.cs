using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage.DynamoDb;

/// <summary>The loops DynamoDB leaves to callers: following LastEvaluatedKey, and retrying unprocessed batch items.</summary>
internal static class DynamoDbClientExtensions
{
    private const int BatchGetLimit = 100;
    private const int BatchWriteLimit = 25;
    private const int MaxBatchAttempts = 10;

    /// <summary>
    /// Up to <paramref name="limit"/> items from where <paramref name="request"/> starts, and whether more exist.
    /// Reads one item more than asked so "no next page" is exact, and keeps reading when a filter or the 1 MB
    /// response limit leaves a page short (DynamoDB's Limit counts items before the filter).
    /// </summary>
    public static async Task<(List<Dictionary<string, AttributeValue>> Items, bool HasMore)> QueryPageAsync(
        this IAmazonDynamoDB dynamoDb, QueryRequest request, int limit, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>(limit + 1);
        do
        {
            request.Limit = limit + 1 - items.Count;
            var response = await dynamoDb.QueryAsync(request, cancellationToken);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (items.Count <= limit && request.ExclusiveStartKey is not null);

        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveRange(limit, items.Count - limit);
        }

        return (items, hasMore);
    }

    /// <summary>Every item the query matches, following LastEvaluatedKey to the end.</summary>
    public static async Task<List<T>> QueryAllAsync<T>(
        this IAmazonDynamoDB dynamoDb, QueryRequest request, Func<Dictionary<string, AttributeValue>, T?> map, CancellationToken cancellationToken)
        where T : class
    {
        // Mapped page by page: 100,000 raw items (a dictionary of AttributeValues each) would hold several times the
        // memory of the records they become.
        var items = new List<T>();
        do
        {
            var response = await dynamoDb.QueryAsync(request, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (map(item) is { } mapped)
                {
                    items.Add(mapped);
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return items;
    }

    /// <summary>Reads the items with these keys (absent ones are simply not returned), 100 keys per request; a null projection reads whole items.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> BatchGetAllAsync(
        this IAmazonDynamoDB dynamoDb,
        string tableName,
        IEnumerable<Dictionary<string, AttributeValue>> keys,
        string? projection,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var chunk in keys.Chunk(BatchGetLimit))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [tableName] = new() { Keys = [.. chunk], ConsistentRead = true, ProjectionExpression = projection },
            };
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > 1)
                {
                    await BackOffAsync(attempt, "BatchGetItem", time, cancellationToken);
                }

                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken);
                if (response.Responses?.TryGetValue(tableName, out var found) == true)
                {
                    items.AddRange(found);
                }

                pending = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return items;
    }

    /// <summary>Deletes the items with these keys, 25 per request, retrying what DynamoDB leaves unprocessed.</summary>
    public static async Task BatchDeleteAllAsync(
        this IAmazonDynamoDB dynamoDb,
        string tableName,
        IEnumerable<Dictionary<string, AttributeValue>> keys,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(BatchWriteLimit))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [tableName] = [.. chunk.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } })],
            };
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > 1)
                {
                    await BackOffAsync(attempt, "BatchWriteItem", time, cancellationToken);
                }

                var response = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }
    }

    /// <summary>
    /// Jittered exponential backoff (50 ms doubling, capped at 2 s), as AWS advises for unprocessed items and conflicts;
    /// waited on <paramref name="time"/>, so a test's fake clock drives it.
    /// </summary>
    public static Task BackOffAsync(int attempt, string operation, TimeProvider time, CancellationToken cancellationToken)
    {
        if (attempt > MaxBatchAttempts)
        {
            throw new InvalidOperationException($"DynamoDB {operation} still had unprocessed work after {MaxBatchAttempts} attempts.");
        }

        var ceiling = Math.Min(2_000, 50 * (1 << Math.Min(attempt, 10)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling)), time, cancellationToken);
    }
}
