using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Seen;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Storage.Visits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using GistsTable = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Visits;
using UsersTable = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.Core.Storage.Seen;

/// <summary>
/// Per viewer and user, which gists the viewer marked seen: unlike a visit, looking changes nothing, so "new" survives
/// reloads and other tabs until the viewer marks it. One small item in the visits table per viewer and user, expiring
/// after <see cref="VisitOptions.Retention"/> without a write (then everything is new again, as after a visit expires).
/// </summary>
public sealed partial class SeenLedger(
    IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, IOptions<VisitOptions> visitOptions, TimeProvider time, ILogger<SeenLedger> logger)
{
    // Each retry follows another tab's write of the same state (or a sync's write of the user item): a few settle it.
    private const int MaxWriteAttempts = 8;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);
    private readonly string _gistsTable = GistsTable.Definition.TableName(options.Value.TablePrefix);
    private readonly string _usersTable = UsersTable.Definition.TableName(options.Value.TablePrefix);
    private readonly TimeSpan _retention = visitOptions.Value.Retention;

    /// <summary>The viewer's seen state of each of <paramref name="users"/>, read in BatchGetItem calls of up to 100 keys (one for a page of users).</summary>
    public async Task<IReadOnlyDictionary<GitHubUsername, SeenState>> ReadManyAsync(ViewerId viewer, IReadOnlyList<TrackedUser> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var states = users.ToDictionary(u => u.Username, _ => SeenState.None);
        if (users.Count == 0)
        {
            return states;
        }

        var now = time.GetUtcNow();
        var byName = users.ToDictionary(u => u.Username.Value, StringComparer.Ordinal);
        var items = await dynamoDb.BatchGetAllAsync(_table, users.Select(u => SeenItem.Key(u.Username, viewer)), projection: null, time, cancellationToken);
        foreach (var item in items)
        {
            if (byName.TryGetValue(item.RequiredString(Table.Username), out var user))
            {
                states[user.Username] = SeenItem.FromItem(item).StateFor(user, now);
            }
        }

        return states;
    }

    /// <summary>The viewer's seen state of <paramref name="user"/> (none: nothing seen).</summary>
    public async Task<SeenState> ReadAsync(TrackedUser user, ViewerId viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return (await ReadStoredAsync(user.Username, viewer, cancellationToken))?.StateFor(user, time.GetUtcNow()) ?? SeenState.None;
    }

    /// <summary>
    /// One page of the viewer's unseen gists of the user, newest discovered first; null when the user is not tracked.
    /// Reads only: looking never marks anything seen.
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out for this viewer's new gists of this user.</exception>
    public async Task<NewGists?> ListNewAsync(GitHubUsername username, ViewerId viewer, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Limit, 1, nameof(page));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page.Limit, PageRequest.MaxLimit, nameof(page));
        var below = page.Cursor is null ? (long?)null : SeenItem.ParseCursor(username, viewer, page.Cursor) - 1;
        if (await ReadUserAsync(username, cancellationToken) is not { } user)
        {
            return null;
        }

        var state = await ReadAsync(user, viewer, cancellationToken);
        var gists = await UnseenPageAsync(user, viewer, state, Math.Min(below ?? user.GistCount, user.GistCount), page.Limit, cancellationToken);
        return new NewGists(state.NewCount(user.GistCount), user.GistCount, gists);
    }

    /// <summary>Marks gists seen for the viewer. Idempotent; concurrent marks (two tabs) both land.</summary>
    public async Task<SeenMarkOutcome> MarkAsync(GitHubUsername username, ViewerId viewer, SeenMark mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        IReadOnlyList<long> marked = [];
        if (mark is SeenMark.Gists gists)
        {
            var seqs = await GistSeqsAsync(username, gists.GistIds, cancellationToken);
            var unknown = gists.GistIds.Where(id => !seqs.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                return new SeenMarkOutcome.UnknownGists(unknown);
            }

            marked = [.. seqs.Values];
        }

        for (var attempt = 1; ; attempt++)
        {
            if (await ReadUserAsync(username, cancellationToken) is not { } user)
            {
                return new SeenMarkOutcome.NotTracked();
            }

            var now = time.GetUtcNow();
            var stored = await ReadStoredAsync(username, viewer, cancellationToken);
            var current = stored?.StateFor(user, now) ?? SeenState.None;
            var next = mark switch
            {
                // Never beyond gistSeq: a gist stored later must be new however the client counted.
                SeenMark.All all => current.WithThrough(Math.Min(all.ThroughSeq ?? user.GistCount, user.GistCount)),
                _ => current.With(marked),
            };
            if (next.Seqs.Count > SeenState.MaxSeqs)
            {
                return new SeenMarkOutcome.TooManyMarks(SeenState.MaxSeqs);
            }

            var written = new StoredSeen(next, user.AddedAt, now + _retention, (stored?.Revision ?? 0) + 1);
            switch (await TryWriteAsync(user, viewer, written, stored?.Revision, cancellationToken))
            {
                case WriteResult.Written:
                    LogSeenMarked(username.Value, next.ThroughSeq, next.Seqs.Count);
                    return new SeenMarkOutcome.Marked(next.NewCount(user.GistCount), user.GistCount);
                case WriteResult.UserChanged when attempt >= MaxWriteAttempts:
                    return new SeenMarkOutcome.NotTracked();
                case var _ when attempt >= MaxWriteAttempts:
                    throw new InvalidOperationException($"The seen state of {username} kept changing under {MaxWriteAttempts} attempts to write it.");
                default:
                    await DynamoDbClientExtensions.BackOffAsync(attempt, "TransactWriteItems", time, cancellationToken);
                    break;
            }
        }
    }

    private enum WriteResult
    {
        Written,

        /// <summary>Another write of the same state came first: read it again and apply the mark on top.</summary>
        StateChanged,

        /// <summary>The user was removed (or removed and added again) since it was read.</summary>
        UserChanged,
    }

    /// <summary>
    /// Puts the state only if it is still at <paramref name="revision"/> (absent when null) and only while the same
    /// tracking of the user lasts, so a removal in progress cannot leave it behind.
    /// </summary>
    private async Task<WriteResult> TryWriteAsync(TrackedUser user, ViewerId viewer, StoredSeen seen, long? revision, CancellationToken cancellationToken)
    {
        var put = new Put
        {
            TableName = _table,
            Item = SeenItem.ToItem(user.Username, viewer, seen),
            ExpressionAttributeNames = new() { ["#visitId"] = Table.VisitId },
        };
        if (revision is { } expected)
        {
            put.ConditionExpression = "#revision = :revision";
            put.ExpressionAttributeNames = new() { ["#revision"] = Table.Revision };
            put.ExpressionAttributeValues = new() { [":revision"] = N(expected) };
        }
        else
        {
            put.ConditionExpression = "attribute_not_exists(#visitId)";
        }

        var request = new TransactWriteItemsRequest
        {
            ClientRequestToken = Guid.NewGuid().ToString("N"),
            TransactItems =
            [
                new TransactWriteItem { Put = put },
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = _usersTable,
                        Key = UserItem.Key(user.Username),
                        ConditionExpression = "attribute_exists(#username) AND #status <> :deleting AND #addedAt = :addedAt",
                        ExpressionAttributeNames = new() { ["#username"] = UsersTable.Username, ["#status"] = UsersTable.Status, ["#addedAt"] = UsersTable.AddedAt },
                        ExpressionAttributeValues = new() { [":deleting"] = S(UserItem.Deleting), [":addedAt"] = Timestamp(user.AddedAt) },
                    },
                },
            ],
        };

        try
        {
            await dynamoDb.TransactWriteItemsAsync(request, cancellationToken);
            return WriteResult.Written;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: 2 } reasons && reasons[1].Code == "ConditionalCheckFailed")
        {
            return WriteResult.UserChanged;
        }
        catch (TransactionCanceledException e) when ((e.CancellationReasons ?? []).All(r => r.Code is null or "None" or "ConditionalCheckFailed" or "TransactionConflict"))
        {
            return WriteResult.StateChanged;
        }
    }

    /// <summary>Up to <paramref name="limit"/> unseen gists with seq ≤ <paramref name="upTo"/>, newest discovered first, and the cursor of the rest.</summary>
    private async Task<Page<Gist>> UnseenPageAsync(TrackedUser user, ViewerId viewer, SeenState state, long upTo, int limit, CancellationToken cancellationToken)
    {
        if (upTo <= state.ThroughSeq)
        {
            return new Page<Gist>([], null);
        }

        var request = new QueryRequest
        {
            TableName = _gistsTable,
            IndexName = GistsTable.BySeqIndex,
            KeyConditionExpression = "#username = :username AND #seq BETWEEN :from AND :to",
            ExpressionAttributeNames = new() { ["#username"] = GistsTable.Username, ["#seq"] = GistsTable.Seq },
            ExpressionAttributeValues = new() { [":username"] = S(user.Username.Value), [":from"] = N(state.ThroughSeq + 1), [":to"] = N(upTo) },
            ScanIndexForward = false,
            ConsistentRead = true,
        };

        // Seqs marked one by one (at most MaxSeqs) are skipped here rather than in a filter expression, whose IN takes 100 values.
        var unseen = new List<Gist>(limit + 1);
        do
        {
            request.Limit = limit + 1 - unseen.Count;
            var response = await dynamoDb.QueryAsync(request, cancellationToken);
            unseen.AddRange((response.Items ?? []).Select(GistItem.FromItem).Where(state.IsNew));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (unseen.Count <= limit && request.ExclusiveStartKey is not null);

        var hasMore = unseen.Count > limit;
        if (hasMore)
        {
            unseen.RemoveRange(limit, unseen.Count - limit);
        }

        return new Page<Gist>(unseen, hasMore ? SeenItem.Cursor(user.Username, viewer, unseen[^1].Seq) : null);
    }

    /// <summary>The seq of each of the user's gists among <paramref name="gistIds"/> that is stored, by id.</summary>
    private async Task<Dictionary<string, long>> GistSeqsAsync(GitHubUsername username, IReadOnlyList<string> gistIds, CancellationToken cancellationToken)
    {
        var items = await dynamoDb.BatchGetAllAsync(
            _gistsTable, gistIds.Distinct(StringComparer.Ordinal).Select(id => GistItem.Key(username, id)),
            projection: $"{GistsTable.GistId}, {GistsTable.Seq}", time, cancellationToken); // two attributes, not up to 100 whole gists
        return items.ToDictionary(item => item.RequiredString(GistsTable.GistId), item => item.RequiredNumber(GistsTable.Seq), StringComparer.Ordinal);
    }

    private async Task<StoredSeen?> ReadStoredAsync(GitHubUsername username, ViewerId viewer, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = SeenItem.Key(username, viewer), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? SeenItem.FromItem(item) : null;
    }

    /// <summary>The user, read consistently (its gistSeq bounds what is counted); null when not tracked.</summary>
    private async Task<TrackedUser?> ReadUserAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _usersTable, Key = UserItem.Key(username), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? UserItem.FromItem(item) : null;
    }

    // No viewer id: whoever has it reads and marks that viewer's "new", so it is kept out of logs like a key.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Seen state of {Username}: through seq {ThroughSeq} and {MarkedCount} more")]
    private partial void LogSeenMarked(string username, long throughSeq, int markedCount);
}
