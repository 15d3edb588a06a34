using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.SyncRuns;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.Core.Storage.Activity;

/// <summary>
/// Who changed what: one item per change in the sync-runs table's <c>activity</c> partition, keyed by a version 7
/// GUID so a descending Query lists the newest first. Kept as long as runs (TTL, 90 days). A removed user's record
/// lives here, since the user's own item is gone.
/// </summary>
public sealed class ActivityLog(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options)
{
    private const string ListScope = "activity";
    private const string At = "at";
    private const string Action = "action";
    private const string Actor = "actor";
    private const string Username = "username";
    private const string RunId = "runId";

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);

    public async Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = NewestFirstPartition.Key(Table.ActivityPartition, Guid.CreateVersion7(entry.At).ToString("N"));
        item[At] = Timestamp(entry.At);
        item[Action] = S(ActionText(entry.Action));
        item[Actor] = ActorAttribute.ToMap(entry.Actor);
        item.SetIfNotNull(Username, entry.Username?.Value);
        item.SetIfNotNull(RunId, entry.RunId);
        item[Table.ExpiresAt] = N((entry.At + Table.RunRetention).ToUnixTimeSeconds());
        await dynamoDb.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, cancellationToken);
    }

    /// <summary>The log, newest first, one page at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out by this list.</exception>
    public async Task<Page<ActivityEntry>> ListRecentAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var (items, next) = await NewestFirstPartition.QueryAsync(dynamoDb, _table, Table.ActivityPartition, ListScope, page, cancellationToken);
        return new Page<ActivityEntry>([.. items.Select(FromItem)], next);
    }

    private static ActivityEntry FromItem(Dictionary<string, AttributeValue> item) => new(
        item.RequiredTimestamp(At),
        ParseAction(item.RequiredString(Action)),
        ActorAttribute.Optional(item, Actor) ?? throw new InvalidDataException("A stored activity has no actor."),
        item.OptionalString(Username) is { } username ? GitHubUsername.Parse(username) : null,
        item.OptionalString(RunId));

    private static string ActionText(ActivityAction action) => action switch
    {
        ActivityAction.UserAdded => "userAdded",
        ActivityAction.UserRemoved => "userRemoved",
        ActivityAction.SyncRequested => "syncRequested",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown activity."),
    };

    private static ActivityAction ParseAction(string text) => text switch
    {
        "userAdded" => ActivityAction.UserAdded,
        "userRemoved" => ActivityAction.UserRemoved,
        "syncRequested" => ActivityAction.SyncRequested,
        _ => throw new InvalidDataException($"Stored activity '{text}' is unknown."),
    };
}
