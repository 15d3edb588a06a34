using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using GistsTable = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Visits;
using UsersTable = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.Core.Storage.Visits;

/// <summary>
/// The visits table: per viewer and user, which gists were new at each visit. A visit stores the window
/// (fromSeq, toSeq] of the user's discovery sequence rather than gist ids, so it stays one small item however many
/// gists it saw, and the same window always yields the same gists (gists are never removed while the user is tracked).
/// Visits expire after <see cref="VisitOptions.Retention"/>: DynamoDB's TTL deletes them within a day or two, and until
/// then every read treats an expired visit as absent.
/// </summary>
public sealed partial class VisitLedger(
    IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, IOptions<VisitOptions> visitOptions, TimeProvider time, ILogger<VisitLedger> logger)
{
    // The user item is also written by every gist transaction of a sync: a few retries ride out those conflicts.
    private const int MaxWriteAttempts = 5;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);
    private readonly string _gistsTable = GistsTable.Definition.TableName(options.Value.TablePrefix);
    private readonly string _usersTable = UsersTable.Definition.TableName(options.Value.TablePrefix);
    private readonly TimeSpan _retention = visitOptions.Value.Retention;

    /// <summary>
    /// Records a visit now and returns the first <paramref name="limit"/> gists first stored since the viewer's previous
    /// (unexpired) visit of this user (all of them on a first visit), newest discovered first, with the cursor of the rest;
    /// null when the user is not tracked (absent, or being removed).
    /// </summary>
    public async Task<Visit?> RecordAsync(GitHubUsername username, ViewerId viewer, int limit, CancellationToken cancellationToken)
    {
        CheckLimit(limit);
        var now = time.GetUtcNow();
        var previous = await LatestVisitAsync(username, viewer, now, cancellationToken);
        if (await UserItem.ReadGistSeqAsync(dynamoDb, _usersTable, username, cancellationToken) is not { } toSeq)
        {
            return null;
        }

        var fromSeq = Math.Min(previous?.ToSeq ?? 0, toSeq);
        var visit = new StoredVisit(username, VisitItem.NewVisitId(now), viewer, previous?.VisitedAt, now, fromSeq, toSeq, now + _retention);

        // Read the gists before writing the visit: if the read fails, no visit exists that would hide them next time.
        var page = await GistPageAsync(visit, toSeq, limit, cancellationToken);
        if (!await TryPutAsync(visit, cancellationToken))
        {
            return null;
        }

        LogVisitRecorded(visit.VisitId, username.Value, fromSeq, toSeq);
        return ToVisit(visit, page);
    }

    /// <summary>
    /// A page of a visit recorded before, with the same gists; null when unknown, expired (or not a visit id at all).
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out for this visit.</exception>
    public async Task<Visit?> FindAsync(GitHubUsername username, string visitId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        CheckLimit(page.Limit);
        if (!VisitItem.TryNormalizeVisitId(visitId, out var id))
        {
            return null;
        }

        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = VisitItem.Key(username, id), ConsistentRead = true },
            cancellationToken);
        if (response.Item is not { Count: > 0 } item || VisitItem.FromItem(item, _retention) is not { } visit || IsExpired(visit, time.GetUtcNow()))
        {
            return null;
        }

        var below = page.Cursor is null ? visit.ToSeq : VisitItem.ParseCursor(visit, page.Cursor) - 1;
        return ToVisit(visit, await GistPageAsync(visit, below, page.Limit, cancellationToken));
    }

    private static void CheckLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, PageRequest.MaxLimit);
    }

    // DynamoDB deletes expired items lazily (typically within 48 hours): until then they are still read, so check.
    private static bool IsExpired(StoredVisit visit, DateTimeOffset now) => visit.ExpiresAt <= now;

    private static Visit ToVisit(StoredVisit visit, Page<Gist> page) =>
        new(visit.VisitId, visit.Username, visit.Viewer, visit.PreviousVisitAt, visit.VisitedAt, page.Items, visit.GistCount, page.NextCursor);

    /// <summary>
    /// The viewer's latest visit, if it has not expired: their visits sort by time-ordered id within the viewer's prefix,
    /// and an older one expires no later than the latest.
    /// </summary>
    private async Task<StoredVisit?> LatestVisitAsync(GitHubUsername username, ViewerId viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(
            new QueryRequest
            {
                TableName = _table,
                IndexName = Table.ByViewerIndex,
                KeyConditionExpression = "#username = :username AND begins_with(#viewerKey, :viewer)",
                ExpressionAttributeNames = new() { ["#username"] = Table.Username, ["#viewerKey"] = Table.ViewerKey },
                ExpressionAttributeValues = new() { [":username"] = S(username.Value), [":viewer"] = S(VisitItem.ViewerPrefix(viewer)) },
                ScanIndexForward = false,
                Limit = 1,
                ConsistentRead = true,
            },
            cancellationToken);
        return response.Items is [var item, ..] && VisitItem.FromItem(item, _retention) is var latest && !IsExpired(latest, now) ? latest : null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> of the visit's gists with seq ≤ <paramref name="toSeq"/>, newest discovered first,
    /// and the cursor of the rest. A consistent read, so every gist up to a gistSeq that was read consistently is seen.
    /// </summary>
    private async Task<Page<Gist>> GistPageAsync(StoredVisit visit, long toSeq, int limit, CancellationToken cancellationToken)
    {
        if (toSeq <= visit.FromSeq)
        {
            return new Page<Gist>([], null);
        }

        var request = new QueryRequest
        {
            TableName = _gistsTable,
            IndexName = GistsTable.BySeqIndex,
            KeyConditionExpression = "#username = :username AND #seq BETWEEN :from AND :to",
            ExpressionAttributeNames = new() { ["#username"] = GistsTable.Username, ["#seq"] = GistsTable.Seq },
            ExpressionAttributeValues = new() { [":username"] = S(visit.Username.Value), [":from"] = N(visit.FromSeq + 1), [":to"] = N(toSeq) },
            ScanIndexForward = false,
            ConsistentRead = true,
        };
        var (items, hasMore) = await dynamoDb.QueryPageAsync(request, limit, cancellationToken);
        var next = hasMore ? VisitItem.Cursor(visit, items[^1].RequiredNumber(GistsTable.Seq)) : null;
        return new Page<Gist>([.. items.Select(GistItem.FromItem)], next);
    }

    /// <summary>
    /// Writes the visit only while the user is tracked, so a removal in progress cannot leave it behind;
    /// false when the user was removed (or began to be) since it was read.
    /// </summary>
    private async Task<bool> TryPutAsync(StoredVisit visit, CancellationToken cancellationToken)
    {
        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = _table,
                        Item = VisitItem.ToItem(visit),
                        ConditionExpression = "attribute_not_exists(#visitId)",
                        ExpressionAttributeNames = new() { ["#visitId"] = Table.VisitId },
                    },
                },
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = _usersTable,
                        Key = UserItem.Key(visit.Username),
                        ConditionExpression = "attribute_exists(#username) AND #status <> :deleting",
                        ExpressionAttributeNames = new() { ["#username"] = UsersTable.Username, ["#status"] = UsersTable.Status },
                        ExpressionAttributeValues = new() { [":deleting"] = S(UserItem.Deleting) },
                    },
                },
            ],
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A fresh token per attempt: it only makes the SDK's own retries of one attempt idempotent.
                request.ClientRequestToken = Guid.NewGuid().ToString("N");
                await dynamoDb.TransactWriteItemsAsync(request, cancellationToken);
                return true;
            }
            catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: 2 } reasons && reasons[1].Code == "ConditionalCheckFailed")
            {
                return false;
            }
            catch (TransactionCanceledException e) when (attempt < MaxWriteAttempts
                && (e.CancellationReasons ?? []).Any(r => r.Code == "TransactionConflict"))
            {
                await DynamoDbClientExtensions.BackOffAsync(attempt, "TransactWriteItems", time, cancellationToken);
            }
        }
    }

    // No viewer id: whoever has it reads (and moves on) that viewer's "new", so it is kept out of logs like a key.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Visit {VisitId} of {Username}: gists {FromSeq} < seq <= {ToSeq}")]
    private partial void LogVisitRecorded(string visitId, string username, long fromSeq, long toSeq);
}
