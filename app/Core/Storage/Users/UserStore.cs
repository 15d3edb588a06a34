using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.Core.Storage.Users;

/// <summary>The users table: who is tracked, and their sync state.</summary>
public sealed partial class UserStore(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, TimeProvider time, ILogger<UserStore> logger)
{
    private const string ListScope = "users";

    // A user can be found half-removed, purged, then re-added by someone else between our attempts: a few rounds settle it.
    private const int MaxAddAttempts = 3;

    /// <summary>Users per Query of <see cref="ListAllAsync"/>: bounds each response, whatever the number of users.</summary>
    internal const int ListAllPageSize = 100;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);
    private readonly UserDataPurge _purge = new(dynamoDb, options.Value.TablePrefix, time);

    /// <summary>The user, or null when not tracked (absent, or being removed).</summary>
    public async Task<TrackedUser?> FindAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        var sweptAt = await ProbeSweepAsync(cancellationToken);
        var item = await GetItemAsync(username, cancellationToken);
        return item is null ? null : UserItem.FromItem(item)?.WithProbeSweep(sweptAt);
    }

    /// <summary>
    /// Stores a new tracked user (gistCount 0). False when the user is already tracked (conditional put).
    /// A user left half-removed by an interrupted <see cref="RemoveAsync"/> is purged first, then added.
    /// </summary>
    public async Task<bool> TryAddAsync(TrackedUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var attempt = 1; attempt <= MaxAddAttempts; attempt++)
        {
            try
            {
                await dynamoDb.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _table,
                        Item = UserItem.ToNewItem(user),
                        ConditionExpression = "attribute_not_exists(#username)",
                        ExpressionAttributeNames = new() { ["#username"] = Table.Username },
                    },
                    cancellationToken);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                var existing = await GetItemAsync(user.Username, cancellationToken);
                if (existing is not null && existing.OptionalString(Table.Status) != UserItem.Deleting)
                {
                    return false;
                }

                if (existing is not null)
                {
                    LogFinishingEarlierRemoval(user.Username.Value);
                    await _purge.PurgeAsync(user.Username, cancellationToken);
                }
            }
        }

        throw new InvalidOperationException($"Could not add {user.Username}: it kept being removed or re-added concurrently.");
    }

    /// <summary>Tracked users ordered by username, one page at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out by this list.</exception>
    public async Task<Page<TrackedUser>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Limit, 1, nameof(page));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page.Limit, PageRequest.MaxLimit, nameof(page));

        var request = new QueryRequest
        {
            TableName = _table,
            IndexName = Table.ByUsernameIndex,
            KeyConditionExpression = "#listKey = :listKey",
            FilterExpression = "#status <> :deleting",
            ExpressionAttributeNames = new() { ["#listKey"] = Table.ListKey, ["#status"] = Table.Status },
            ExpressionAttributeValues = new() { [":listKey"] = S(Table.ListKeyValue), [":deleting"] = S(UserItem.Deleting) },
        };
        if (page.Cursor is not null)
        {
            var after = DecodeCursor(page.Cursor);
            request.ExclusiveStartKey = new()
            {
                [Table.ListKey] = S(Table.ListKeyValue),
                [Table.Username] = S(after.Value),
            };
        }

        var sweptAt = await ProbeSweepAsync(cancellationToken);
        var (items, hasMore) = await dynamoDb.QueryPageAsync(request, page.Limit, cancellationToken);
        var users = items.Select(UserItem.FromItem).OfType<TrackedUser>().Select(user => user.WithProbeSweep(sweptAt)).ToList();
        var next = hasMore ? PageCursor.Encode(ListScope, users[^1].Username.Value) : null;
        return new Page<TrackedUser>(users, next);
    }

    /// <summary>Every tracked user (not those being removed), for a sync run; pages through the username index.</summary>
    public async Task<List<TrackedUser>> ListAllAsync(CancellationToken cancellationToken)
    {
        // The index is eventually consistent: a user added a moment ago may wait for the next run, which is fine.
        return await dynamoDb.QueryAllAsync(
            new QueryRequest
            {
                TableName = _table,
                IndexName = Table.ByUsernameIndex,
                KeyConditionExpression = "#listKey = :listKey",
                FilterExpression = "#status <> :deleting",
                ExpressionAttributeNames = new() { ["#listKey"] = Table.ListKey, ["#status"] = Table.Status },
                ExpressionAttributeValues = new() { [":listKey"] = S(Table.ListKeyValue), [":deleting"] = S(UserItem.Deleting) },
                Limit = ListAllPageSize,
            },
            UserItem.FromItem,
            cancellationToken);
    }

    /// <summary>
    /// Records one sync scan of the user in one write: status, error, times, watermark, ETag and probe signature. A null
    /// watermark or sync time keeps the stored one; a null ETag or signature removes it. A user removed meanwhile stays removed (no-op).
    /// </summary>
    public Task RecordSyncScanAsync(GitHubUsername username, UserScan scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var update = ScanUpdate(scan.Status, scan.Error, scan.SyncedAt)
            .Set(Table.LastCheckedAt, Timestamp(scan.CheckedAt))
            .SetIfNotNull(Table.Watermark, scan.Watermark is { } watermark ? Timestamp(watermark) : null)
            .SetOrRemove(Table.GistsETag, scan.GistsETag is { } etag ? S(etag) : null)
            .SetOrRemove(Table.ProbeSignature, scan.ProbeSignature is { } signature ? S(signature) : null);
        return UpdateTrackedAsync(username, update, cancellationToken);
    }

    /// <summary>
    /// Records that a completed run that started at <paramref name="runStartedAt"/> probed every tracked user and found
    /// those it did not write to unchanged (see <see cref="TrackedUser.WithProbeSweep"/>): one write instead of one per
    /// unchanged user. Only ever moves forward.
    /// </summary>
    public async Task RecordProbeSweepAsync(DateTimeOffset runStartedAt, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = new() { [Table.Username] = S(Table.ProbeSweepKey) },
                    UpdateExpression = "SET #at = :at",
                    ConditionExpression = "attribute_not_exists(#at) OR #at < :at",
                    ExpressionAttributeNames = new() { ["#at"] = Table.ProbeSweptAt },
                    ExpressionAttributeValues = new() { [":at"] = Timestamp(runStartedAt) },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // A later run's sweep is already there.
        }

        Volatile.Write(ref _sweep, null); // this process reads the new sweep at once; others within a minute
    }

    /// <summary>
    /// The last probe sweep, read at most once a minute: it moves once per run (hours apart), and reads stay one DynamoDB
    /// call (also sequential, so a half-open storage circuit's single trial call is never raced by a second one).
    /// </summary>
    private async Task<DateTimeOffset?> ProbeSweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Volatile.Read(ref _sweep) is { } cached && now - cached.ReadAt < SweepCacheDuration)
        {
            return cached.SweptAt;
        }

        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = new() { [Table.Username] = S(Table.ProbeSweepKey) } }, cancellationToken);
        var sweptAt = response.Item is { Count: > 0 } item ? item.OptionalTimestamp(Table.ProbeSweptAt) : null;
        Volatile.Write(ref _sweep, new CachedSweep(sweptAt, now));
        return sweptAt;
    }

    private static readonly TimeSpan SweepCacheDuration = TimeSpan.FromMinutes(1);

    private CachedSweep? _sweep;

    private sealed record CachedSweep(DateTimeOffset? SweptAt, DateTimeOffset ReadAt);

    /// <summary>
    /// Remembers that the user's outbox held no gist with a sequence number up to <paramref name="gistSeq"/> (a no-op when
    /// the user was removed meanwhile). Gists are numbered in order, so any later one is above it and is still looked at.
    /// </summary>
    public Task RecordOutboxClearAsync(GitHubUsername username, long gistSeq, CancellationToken cancellationToken) =>
        UpdateTrackedAsync(username, new ItemUpdate().Set(Table.OutboxClearSeq, N(gistSeq)), cancellationToken);

    /// <summary>Remembers the user's Pipedrive person (a no-op when the user was removed meanwhile).</summary>
    public Task SetPipedrivePersonAsync(GitHubUsername username, long personId, CancellationToken cancellationToken) =>
        UpdateTrackedAsync(username, new ItemUpdate().Set(Table.PipedrivePersonId, N(personId)), cancellationToken);

    private static ItemUpdate ScanUpdate(UserStatus status, string? error, DateTimeOffset? syncedAt) =>
        new ItemUpdate()
            .Set(Table.Status, S(UserItem.StatusText(status)))
            .SetOrRemove(Table.LastError, error is null ? null : S(error))
            .SetIfNotNull(Table.LastSyncedAt, syncedAt is { } at ? Timestamp(at) : null);

    /// <summary>Applies the update only to a tracked user: a removed one must not be re-created by a late write.</summary>
    private async Task UpdateTrackedAsync(GitHubUsername username, ItemUpdate update, CancellationToken cancellationToken)
    {
        var condition = $"attribute_exists({update.Name(Table.Username)}) AND {update.Name(Table.Status)} <> :deleting";
        update.Value(":deleting", S(UserItem.Deleting));
        try
        {
            await dynamoDb.UpdateItemAsync(update.ToRequest(_table, UserItem.Key(username), condition), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            LogWriteToUntrackedUser(username.Value);
        }
    }

    /// <summary>
    /// Removes the user with their gists and visits. False when the user was not tracked. A user left half-removed
    /// by an interrupted call is still found here, so calling again finishes the job (and answers true).
    /// </summary>
    public async Task<bool> RemoveAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        try
        {
            // Mark first: from here on no gist or visit can be written for the user, so the purge cannot miss one.
            await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = UserItem.Key(username),
                    UpdateExpression = "SET #status = :deleting",
                    ConditionExpression = "attribute_exists(#username)",
                    ExpressionAttributeNames = new() { ["#username"] = Table.Username, ["#status"] = Table.Status },
                    ExpressionAttributeValues = new() { [":deleting"] = S(UserItem.Deleting) },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }

        var (gists, visits) = await _purge.PurgeAsync(username, cancellationToken);
        LogUserRemoved(username.Value, gists, visits);
        return true;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = UserItem.Key(username), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static GitHubUsername DecodeCursor(string cursor)
    {
        var key = PageCursor.Decode(cursor, ListScope, keyCount: 1)[0];
        // Only a valid, already lower-case name can be a key this list gave out.
        return GitHubUsername.TryParse(key, out var username, out _) && username.Value == key
            ? username
            : throw new InvalidCursorException("The cursor is not one this list gave out.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finishing the removal of {Username}, left half-done earlier, before adding it again")]
    private partial void LogFinishingEarlierRemoval(string username);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync state of {Username} not recorded: the user is no longer tracked")]
    private partial void LogWriteToUntrackedUser(string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Username} with {GistCount} gists and {VisitCount} visits")]
    private partial void LogUserRemoved(string username, int gistCount, int visitCount);
}
