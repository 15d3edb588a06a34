using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
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
/// </summary>
public sealed partial class VisitLedger(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, TimeProvider time, ILogger<VisitLedger> logger)
{
    // The user item is also written by every gist transaction of a sync: a few retries ride out those conflicts.
    private const int MaxWriteAttempts = 5;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);
    private readonly string _gistsTable = GistsTable.Definition.TableName(options.Value.TablePrefix);
    private readonly string _usersTable = UsersTable.Definition.TableName(options.Value.TablePrefix);

    /// <summary>
    /// Records a visit now and returns the gists first stored since the viewer's previous visit of this user
    /// (all of them on a first visit), newest discovered first; null when the user is not tracked (absent, or being removed).
    /// </summary>
    public async Task<Visit?> RecordAsync(GitHubUsername username, ViewerId viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var previous = await LatestVisitAsync(username, viewer, cancellationToken);
        if (await UserItem.ReadGistSeqAsync(dynamoDb, _usersTable, username, cancellationToken) is not { } toSeq)
        {
            return null;
        }

        // Read the gists before writing the visit: if the read fails, no visit exists that would hide them next time.
        var fromSeq = Math.Min(previous?.ToSeq ?? 0, toSeq);
        var gists = await GistsBetweenAsync(username, fromSeq, toSeq, cancellationToken);
        var visit = new StoredVisit(username, VisitItem.NewVisitId(now), viewer, previous?.VisitedAt, now, fromSeq, toSeq);
        if (!await TryPutAsync(visit, cancellationToken))
        {
            return null;
        }

        LogVisitRecorded(visit.VisitId, username.Value, viewer.Value, fromSeq, toSeq);
        return ToVisit(visit, gists);
    }

    /// <summary>A visit recorded before, with the same gists; null when unknown (or not a visit id at all).</summary>
    public async Task<Visit?> FindAsync(GitHubUsername username, string visitId, CancellationToken cancellationToken)
    {
        if (!VisitItem.TryNormalizeVisitId(visitId, out var id))
        {
            return null;
        }

        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = VisitItem.Key(username, id), ConsistentRead = true },
            cancellationToken);
        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        var visit = VisitItem.FromItem(item);
        var gists = await GistsBetweenAsync(username, visit.FromSeq, visit.ToSeq, cancellationToken);
        return ToVisit(visit, gists);
    }

    private static Visit ToVisit(StoredVisit visit, IReadOnlyList<Gist> gists) =>
        new(visit.VisitId, visit.Username, visit.Viewer, visit.PreviousVisitAt, visit.VisitedAt, gists);

    /// <summary>The viewer's latest visit: their visits sort by time-ordered id within the viewer's prefix.</summary>
    private async Task<StoredVisit?> LatestVisitAsync(GitHubUsername username, ViewerId viewer, CancellationToken cancellationToken)
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
        return response.Items is [var item, ..] ? VisitItem.FromItem(item) : null;
    }

    /// <summary>
    /// Gists with fromSeq &lt; seq ≤ toSeq, newest discovered first. A consistent read, so every gist up to a gistSeq
    /// that was read consistently is seen.
    /// </summary>
    private async Task<IReadOnlyList<Gist>> GistsBetweenAsync(GitHubUsername username, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        if (toSeq <= fromSeq)
        {
            return [];
        }

        var items = await dynamoDb.QueryAllAsync(
            new QueryRequest
            {
                TableName = _gistsTable,
                IndexName = GistsTable.BySeqIndex,
                KeyConditionExpression = "#username = :username AND #seq BETWEEN :from AND :to",
                ExpressionAttributeNames = new() { ["#username"] = GistsTable.Username, ["#seq"] = GistsTable.Seq },
                ExpressionAttributeValues = new() { [":username"] = S(username.Value), [":from"] = N(fromSeq + 1), [":to"] = N(toSeq) },
                ScanIndexForward = false,
                ConsistentRead = true,
            },
            cancellationToken);
        return [.. items.Select(GistItem.FromItem)];
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Visit {VisitId} of {Username} by {ViewerId}: gists {FromSeq} < seq <= {ToSeq}")]
    private partial void LogVisitRecorded(string visitId, string username, string viewerId, long fromSeq, long toSeq);
}
