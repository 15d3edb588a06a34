using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;
using UsersTable = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.Core.Storage.Gists;

/// <summary>The gists table: every gist stored once, in discovery order per user, and its place in the Pipedrive outbox.</summary>
public sealed partial class GistStore(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, TimeProvider time, ILogger<GistStore> logger)
{
    /// <summary>A transaction holds at most 100 items: 99 gists and the user's sequence update.</summary>
    internal const int GistsPerTransaction = 99;

    // Each retry follows a concurrent writer that moved the user's sequence; more than this means something is wrong.
    private const int MaxTransactionAttempts = 8;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);
    private readonly string _usersTable = UsersTable.Definition.TableName(options.Value.TablePrefix);

    /// <summary>
    /// Stores a listing. Ids not stored yet are added with <paramref name="initialStatus"/> — never twice, even when
    /// called concurrently for the same user; each gets the owner's next discovery sequence number (oldest created
    /// first) and the owner's gist count moves with it. Known ids whose <c>updatedAt</c> is newer than stored get their
    /// description, files and <c>updatedAt</c> refreshed (nothing else changes, and a gist removed meanwhile stays
    /// removed). A page of gists seen before costs reads only, no failed transaction.
    /// </summary>
    /// <exception cref="UserNotTrackedException">The owner is not tracked and the listing has new gists.</exception>
    public async Task<GistStoreResult> SaveListingAsync(GitHubUsername owner, IReadOnlyList<ListedGist> gists, PublishStatus initialStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gists);
        var distinct = gists.DistinctBy(g => g.Id, StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return new GistStoreResult(0, 0);
        }

        var known = await StoredUpdatedAtAsync(owner, distinct, cancellationToken);
        var (added, alreadyStored) = await StoreNewAsync(owner, distinct, known, initialStatus, cancellationToken);
        var updated = 0;
        foreach (var gist in distinct.Where(g => known.TryGetValue(g.Id, out var storedAt) && g.UpdatedAt > storedAt))
        {
            updated += await RefreshAsync(owner, gist, cancellationToken) ? 1 : 0;
        }

        alreadyStored -= updated;
        LogGistsStored(owner.Value, added, updated, alreadyStored);
        return new GistStoreResult(added, alreadyStored, updated);
    }

    /// <summary>The user's gists, newest created first, one page at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out by this user's list.</exception>
    public async Task<Page<Gist>> ListAsync(GitHubUsername owner, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Limit, 1, nameof(page));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page.Limit, PageRequest.MaxLimit, nameof(page));

        var scope = ListScope(owner);
        var request = new QueryRequest
        {
            TableName = _table,
            IndexName = Table.ByCreatedIndex,
            KeyConditionExpression = "#username = :username",
            ExpressionAttributeNames = new() { ["#username"] = Table.Username },
            ExpressionAttributeValues = new() { [":username"] = S(owner.Value) },
            ScanIndexForward = false,
        };
        if (page.Cursor is not null)
        {
            var createdKey = PageCursor.Decode(page.Cursor, scope, keyCount: 1)[0];
            if (!GistItem.TryParseCreatedKey(createdKey, out var gistId))
            {
                throw new InvalidCursorException("The cursor is not one this list gave out.");
            }

            // The partition comes from the caller's user, never from the cursor.
            request.ExclusiveStartKey = GistItem.Key(owner, gistId);
            request.ExclusiveStartKey[Table.CreatedKey] = S(createdKey);
        }

        var (items, hasMore) = await dynamoDb.QueryPageAsync(request, page.Limit, cancellationToken);
        var next = hasMore ? PageCursor.Encode(scope, items[^1].RequiredString(Table.CreatedKey)) : null;
        return new Page<Gist>([.. items.Select(GistItem.FromItem)], next);
    }

    internal static string ListScope(GitHubUsername owner) => "gists:" + owner.Value;

    /// <summary>Stores those of <paramref name="gists"/> not in <paramref name="known"/>, oldest created first, in transactions of 99.</summary>
    private async Task<(int Added, int AlreadyStored)> StoreNewAsync(
        GitHubUsername owner, List<ListedGist> gists, Dictionary<string, DateTimeOffset> known, PublishStatus status, CancellationToken cancellationToken)
    {
        var fresh = gists
            .Where(g => !known.ContainsKey(g.Id))
            .OrderBy(g => g.CreatedAt)
            .ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();

        var added = 0;
        var alreadyStored = known.Count;
        foreach (var chunk in fresh.Chunk(GistsPerTransaction))
        {
            var (chunkAdded, chunkStored) = await StoreAsync(owner, [.. chunk], status, cancellationToken);
            added += chunkAdded;
            alreadyStored += chunkStored;
        }

        return (added, alreadyStored);
    }

    /// <summary>
    /// One transaction: the gists with seq N+1…N+k, each only if absent, and the user's gistSeq from N to N+k, only
    /// if still N. So sequence numbers are never reused, and any seq up to a gistSeq read later is committed.
    /// </summary>
    private async Task<(int Added, int AlreadyStored)> StoreAsync(GitHubUsername owner, List<ListedGist> pending, PublishStatus status, CancellationToken cancellationToken)
    {
        var alreadyStored = 0;
        for (var attempt = 1; ; attempt++)
        {
            var sequence = await UserItem.ReadGistSequenceAsync(dynamoDb, _usersTable, owner, cancellationToken)
                ?? throw new UserNotTrackedException(owner, $"{owner} is not tracked: gists are stored only for tracked users.");
            var seq = sequence.GistSeq;
            var newest = pending.Max(g => g.CreatedAt);
            var lastGistAt = sequence.LastGistAt is { } before && before > newest ? before : newest;
            var now = time.GetUtcNow();
            var items = pending.Select((gist, i) => new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = _table,
                    Item = GistItem.ToItem(owner, gist, seq + i + 1, now, status),
                    ConditionExpression = "attribute_not_exists(#gistId)",
                    ExpressionAttributeNames = new() { ["#gistId"] = Table.GistId },
                },
            }).ToList();
            items.Add(new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = _usersTable,
                    Key = UserItem.Key(owner),
                    // lastGistAt moves only here, so the condition on gistSeq also guards the value it was read with.
                    UpdateExpression = "SET #seq = :next, #lastGistAt = :lastGistAt",
                    ConditionExpression = "#seq = :seq AND #status <> :deleting",
                    ExpressionAttributeNames = new() { ["#seq"] = UsersTable.GistSeq, ["#status"] = UsersTable.Status, ["#lastGistAt"] = UsersTable.LastGistAt },
                    ExpressionAttributeValues = new()
                    {
                        [":seq"] = N(seq), [":next"] = N(seq + pending.Count), [":deleting"] = S(UserItem.Deleting), [":lastGistAt"] = Timestamp(lastGistAt),
                    },
                },
            });

            try
            {
                // The token makes the SDK's own retries of this very request idempotent.
                await dynamoDb.TransactWriteItemsAsync(
                    new TransactWriteItemsRequest { TransactItems = items, ClientRequestToken = Guid.NewGuid().ToString("N") },
                    cancellationToken);
                return (pending.Count, alreadyStored);
            }
            catch (TransactionCanceledException e) when (attempt < MaxTransactionAttempts && IsRetryable(e))
            {
                // Gists whose put failed were stored by a concurrent writer: drop them. A failed user condition means
                // gistSeq moved (re-read it next round) or the user is going away (the re-read says so).
                var stored = await StoredAmongAsync(owner, pending, e.CancellationReasons, cancellationToken);
                alreadyStored += pending.RemoveAll(g => stored.Contains(g.Id));
                if (pending.Count == 0)
                {
                    return (0, alreadyStored);
                }

                LogGistWriteRetried(owner.Value, attempt);
                await DynamoDbClientExtensions.BackOffAsync(attempt, "TransactWriteItems", time, cancellationToken);
            }
        }
    }

    private static bool IsRetryable(TransactionCanceledException e) =>
        (e.CancellationReasons ?? []).All(r => r.Code is null or "None" or "ConditionalCheckFailed" or "TransactionConflict");

    /// <summary>Ids among <paramref name="pending"/> now stored: from the cancellation reasons when they line up, else read back.</summary>
    private async Task<HashSet<string>> StoredAmongAsync(GitHubUsername owner, List<ListedGist> pending, List<CancellationReason>? reasons, CancellationToken cancellationToken)
    {
        if (reasons is not null && reasons.Count == pending.Count + 1)
        {
            return pending
                .Where((_, i) => reasons[i].Code == "ConditionalCheckFailed")
                .Select(g => g.Id)
                .ToHashSet(StringComparer.Ordinal);
        }

        var stored = await StoredUpdatedAtAsync(owner, pending, cancellationToken);
        return [.. stored.Keys];
    }

    /// <summary>The stored <c>updatedAt</c> of those of <paramref name="gists"/> that are stored, by id.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> StoredUpdatedAtAsync(GitHubUsername owner, IEnumerable<ListedGist> gists, CancellationToken cancellationToken)
    {
        var found = await dynamoDb.BatchGetAllAsync(
            _table,
            gists.Select(g => GistItem.Key(owner, g.Id)),
            projection: $"{Table.GistId}, {Table.UpdatedAt}",
            time,
            cancellationToken);
        return found.ToDictionary(item => item.RequiredString(Table.GistId), item => item.RequiredTimestamp(Table.UpdatedAt), StringComparer.Ordinal);
    }

    /// <summary>
    /// Refreshes a known gist's metadata, only if it is still stored (a removal in progress must not resurrect a
    /// partial item) and older (a concurrent refresh may have stored a newer one). False when nothing changed.
    /// </summary>
    private async Task<bool> RefreshAsync(GitHubUsername owner, ListedGist gist, CancellationToken cancellationToken)
    {
        var update = new ItemUpdate()
            .SetOrRemove(Table.Description, gist.Description is { } description ? S(description) : null)
            .Set(Table.Files, GistItem.Files(gist.Files))
            .Set(Table.UpdatedAt, Timestamp(gist.UpdatedAt));
        // Timestamps are fixed-width UTC text, so "<" on the strings is "earlier".
        var condition = $"attribute_exists({update.Name(Table.GistId)}) AND {update.Name(Table.UpdatedAt)} < :{Table.UpdatedAt}";
        try
        {
            await dynamoDb.UpdateItemAsync(update.ToRequest(_table, GistItem.Key(owner, gist.Id), condition), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Added} new gists for {Username}, refreshed {Updated} ({AlreadyStored} already stored)")]
    private partial void LogGistsStored(string username, int added, int updated, int alreadyStored);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storing gists for {Username} raced with another writer (attempt {Attempt}); retrying")]
    private partial void LogGistWriteRetried(string username, int attempt);
}

/// <param name="Added">Gists stored by this call.</param>
/// <param name="AlreadyStored">Gists skipped because their id was stored before (and, for a listing, not newer).</param>
/// <param name="Updated">Known gists whose metadata was refreshed because GitHub's <c>updatedAt</c> is newer.</param>
public sealed record GistStoreResult(int Added, int AlreadyStored, int Updated = 0);
