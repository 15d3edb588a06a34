using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage.Schema;

/// <summary>Creates GistCloud's tables from <see cref="GistCloudTables"/> where they are missing (DynamoDB Local, tests).</summary>
public static class TableCreator
{
    /// <summary>On AWS a new table takes seconds to a minute; past this something is wrong.</summary>
    public static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Creates the missing tables (on demand billing) and waits until all are ACTIVE. Safe to run again and from
    /// two processes at once. An existing table whose keys or indexes differ is an error: indexes cannot be fixed later.
    /// </summary>
    public static async Task EnsureCreatedAsync(IAmazonDynamoDB dynamoDb, string prefix, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(time);
        await Task.WhenAll(GistCloudTables.All.Select(t => EnsureCreatedAsync(dynamoDb, prefix, t, time, cancellationToken)));
    }

    private static async Task EnsureCreatedAsync(IAmazonDynamoDB dynamoDb, string prefix, TableDefinition definition, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = definition.TableName(prefix);
        var table = await TryDescribeAsync(dynamoDb, name, cancellationToken);
        if (table is null)
        {
            try
            {
                await dynamoDb.CreateTableAsync(definition.ToCreateTableRequest(prefix), cancellationToken);
            }
            catch (ResourceInUseException)
            {
                // Another process created it first: wait for it like for our own.
            }
        }

        table = await WaitUntilActiveAsync(dynamoDb, name, time, cancellationToken);
        var differences = definition.Differences(table);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException($"DynamoDB table {name} does not match GistCloud's definition: {string.Join("; ", differences)}. " +
                "Keys and indexes cannot be changed in place: for DynamoDB Local, delete its data (`make run` keeps it in .data/dynamodb) " +
                "or use another Storage:TablePrefix; on AWS, the Pulumi program owns the tables.");
        }

        if (definition.TimeToLiveAttribute is not null)
        {
            await EnsureTimeToLiveAsync(dynamoDb, name, definition, cancellationToken);
        }
    }

    /// <summary>Turns the table's TTL on as defined (DynamoDB Local supports it too); checked again on every start.</summary>
    private static async Task EnsureTimeToLiveAsync(IAmazonDynamoDB dynamoDb, string name, TableDefinition definition, CancellationToken cancellationToken)
    {
        var ttl = await DescribeTimeToLiveAsync(dynamoDb, name, cancellationToken);
        if (definition.TimeToLiveDifference(ttl) is null)
        {
            return;
        }

        if (definition.TimeToLiveAttribute is { } attribute && ttl?.TimeToLiveStatus == TimeToLiveStatus.DISABLED)
        {
            try
            {
                await dynamoDb.UpdateTimeToLiveAsync(
                    new UpdateTimeToLiveRequest
                    {
                        TableName = name,
                        TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = attribute },
                    },
                    cancellationToken);
            }
            catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException")
            {
                // Another process enabled it first ("already enabled"): the check below tells.
            }

            ttl = await DescribeTimeToLiveAsync(dynamoDb, name, cancellationToken);
        }

        if (definition.TimeToLiveDifference(ttl) is { } difference)
        {
            throw new InvalidOperationException($"DynamoDB table {name} does not match GistCloud's definition: {difference}.");
        }
    }

    private static async Task<TimeToLiveDescription?> DescribeTimeToLiveAsync(IAmazonDynamoDB dynamoDb, string name, CancellationToken cancellationToken) =>
        (await dynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = name }, cancellationToken)).TimeToLiveDescription;

    private static async Task<TableDescription?> TryDescribeAsync(IAmazonDynamoDB dynamoDb, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await dynamoDb.DescribeTableAsync(name, cancellationToken)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static async Task<TableDescription> WaitUntilActiveAsync(IAmazonDynamoDB dynamoDb, string name, TimeProvider time, CancellationToken cancellationToken)
    {
        // On AWS a new table takes seconds to a minute; DynamoDB Local answers ACTIVE at once.
        var delay = TimeSpan.FromMilliseconds(200);
        var deadline = time.GetUtcNow() + ActiveTimeout;
        while (true)
        {
            var table = await TryDescribeAsync(dynamoDb, name, cancellationToken);
            if (table is not null
                && table.TableStatus == TableStatus.ACTIVE
                && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE))
            {
                return table;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"DynamoDB table {name} did not become ACTIVE within 5 minutes (status {table?.TableStatus?.Value ?? "absent"}).");
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
        }
    }
}
