using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.Core.Storage.SyncRuns;

/// <summary>
/// The single lease that keeps two sync runs from overlapping: a conditional write with an expiry, renewed by
/// the run holding it. A crashed run blocks the next one for at most the lease's duration.
/// One item (pk <c>lease</c>, sk <c>sync</c>) in the sync-runs table holds the holder and when the lease lapses.
/// </summary>
public sealed partial class SyncLease(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, TimeProvider time, ILogger<SyncLease> logger)
{
    // The lease can be released between our failed put and our read of it: then the put is simply tried again.
    private const int MaxAcquireRounds = 3;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);

    /// <summary>Takes the lease for <paramref name="holder"/> when it is free or expired (or already the holder's).</summary>
    public async Task<LeaseAttempt> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        for (var round = 1; ; round++)
        {
            var now = time.GetUtcNow();
            var expiresAt = now + duration;
            try
            {
                await dynamoDb.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _table,
                        Item = LeaseItem(holder, expiresAt),
                        ConditionExpression = "attribute_not_exists(#pk) OR #expiresAt < :now OR #holder = :holder",
                        ExpressionAttributeNames = new() { ["#pk"] = Table.Pk, ["#expiresAt"] = Table.LeaseExpiresAt, ["#holder"] = Table.LeaseHolder },
                        ExpressionAttributeValues = new() { [":now"] = Timestamp(now), [":holder"] = S(holder) },
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                    cancellationToken);
                LogLeaseAcquired(holder, expiresAt);
                return new LeaseAttempt(true, holder, expiresAt);
            }
            catch (ConditionalCheckFailedException e)
            {
                // The item that made the condition fail comes back with the error; older engines may not send it.
                var current = e.Item is { Count: > 0 } item ? item : await ReadAsync(cancellationToken);
                if (current is not null)
                {
                    var held = new LeaseAttempt(false, current.RequiredString(Table.LeaseHolder), current.RequiredTimestamp(Table.LeaseExpiresAt));
                    LogLeaseHeld(holder, held.Holder, held.ExpiresAt);
                    return held;
                }

                if (round == MaxAcquireRounds)
                {
                    throw new InvalidOperationException("The sync lease kept changing hands while it was being taken.", e);
                }
            }
        }
    }

    /// <summary>Extends the lease to now + <paramref name="duration"/>; false when <paramref name="holder"/> no longer holds it.</summary>
    public async Task<bool> RenewAsync(string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        try
        {
            await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = LeaseKey(),
                    UpdateExpression = "SET #expiresAt = :expiresAt",
                    ConditionExpression = "#holder = :holder",
                    ExpressionAttributeNames = new() { ["#expiresAt"] = Table.LeaseExpiresAt, ["#holder"] = Table.LeaseHolder },
                    ExpressionAttributeValues = new() { [":expiresAt"] = Timestamp(time.GetUtcNow() + duration), [":holder"] = S(holder) },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            LogLeaseLost(holder);
            return false;
        }
    }

    /// <summary>Gives the lease up, if <paramref name="holder"/> still holds it.</summary>
    public async Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        try
        {
            await dynamoDb.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = _table,
                    Key = LeaseKey(),
                    ConditionExpression = "#holder = :holder",
                    ExpressionAttributeNames = new() { ["#holder"] = Table.LeaseHolder },
                    ExpressionAttributeValues = new() { [":holder"] = S(holder) },
                },
                cancellationToken);
            LogLeaseReleased(holder);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone else took it over after it expired (or it was never ours): theirs to release.
        }
    }

    private static Dictionary<string, AttributeValue> LeaseKey() => new()
    {
        [Table.Pk] = S(Table.LeasePartition),
        [Table.Sk] = S(Table.LeaseSortKey),
    };

    private static Dictionary<string, AttributeValue> LeaseItem(string holder, DateTimeOffset expiresAt)
    {
        var item = LeaseKey();
        item[Table.LeaseHolder] = S(holder);
        item[Table.LeaseExpiresAt] = Timestamp(expiresAt);
        return item;
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = LeaseKey(), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync lease taken by {Holder} until {ExpiresAt:o}")]
    private partial void LogLeaseAcquired(string holder, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync lease not taken by {Caller}: {Holder} holds it until {ExpiresAt:o}")]
    private partial void LogLeaseHeld(string caller, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync lease could not be renewed by {Holder}: it was taken over or released")]
    private partial void LogLeaseLost(string holder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync lease released by {Holder}")]
    private partial void LogLeaseReleased(string holder);
}

/// <param name="Acquired">The caller holds the lease now.</param>
/// <param name="Holder">Who holds it (the caller when acquired).</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
public sealed record LeaseAttempt(bool Acquired, string Holder, DateTimeOffset ExpiresAt);
