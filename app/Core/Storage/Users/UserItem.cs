using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Users;

namespace GistCloud.Core.Storage.Users;

/// <summary>How a <see cref="TrackedUser"/> is laid out in the users table.</summary>
internal static class UserItem
{
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string Error = "error";

    /// <summary>Set while the user's gists and visits are purged: readers treat the user as absent, writers stop.</summary>
    public const string Deleting = "deleting";

    public static Dictionary<string, AttributeValue> Key(GitHubUsername username) => new() { [Table.Username] = S(username.Value) };

    /// <summary>A new user: the gist sequence starts at 0 and the sync state empty, whatever the record carries.</summary>
    public static Dictionary<string, AttributeValue> ToNewItem(TrackedUser user)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Table.Username] = S(user.Username.Value),
            [Table.ListKey] = S(Table.ListKeyValue),
            [Table.AddedAt] = Timestamp(user.AddedAt),
            [Table.Status] = S(StatusText(user.Status)),
            [Table.GistSeq] = N(0),
        };
        item.SetIfNotNull(Table.DisplayName, user.DisplayName);
        item.SetIfNotNull(Table.AvatarUrl, user.AvatarUrl);
        item.SetIfNotNull(Table.HtmlUrl, user.HtmlUrl);
        item.SetIfNotNull(Table.LastError, user.LastError);
        if (user.AddedBy is { } addedBy)
        {
            item[Table.AddedBy] = ActorAttribute.ToMap(addedBy);
        }

        if (user.LastSyncedAt is { } syncedAt)
        {
            item[Table.LastSyncedAt] = Timestamp(syncedAt);
        }

        return item;
    }

    /// <summary>The user, or null when the item is being deleted.</summary>
    public static TrackedUser? FromItem(Dictionary<string, AttributeValue> item)
    {
        var status = item.RequiredString(Table.Status);
        if (status == Deleting)
        {
            return null;
        }

        return new TrackedUser(
            GitHubUsername.Parse(item.RequiredString(Table.Username)),
            item.OptionalString(Table.DisplayName),
            item.OptionalString(Table.AvatarUrl),
            item.OptionalString(Table.HtmlUrl),
            item.RequiredTimestamp(Table.AddedAt),
            item.OptionalTimestamp(Table.LastSyncedAt),
            item.OptionalNumber(Table.GistSeq) ?? 0,
            ParseStatus(status),
            item.OptionalString(Table.LastError),
            SyncStateFromItem(item),
            item.OptionalTimestamp(Table.LastGistAt),
            ActorAttribute.Optional(item, Table.AddedBy));
    }

    /// <summary>The sync's memory of the user; null before the first scan, so a new user reads back as it was added.</summary>
    private static UserSyncState? SyncStateFromItem(Dictionary<string, AttributeValue> item)
    {
        var state = new UserSyncState(
            item.OptionalTimestamp(Table.Watermark),
            item.OptionalString(Table.GistsETag),
            item.OptionalNumber(Table.PipedrivePersonId),
            item.OptionalTimestamp(Table.LastCheckedAt),
            item.OptionalString(Table.ProbeSignature),
            item.OptionalNumber(Table.OutboxClearSeq));
        return state == new UserSyncState() ? null : state;
    }

    /// <summary>
    /// The user's gist sequence, read consistently: every gist with a seq up to it is committed. Null when the user
    /// is not tracked (absent or being deleted).
    /// </summary>
    public static async Task<long?> ReadGistSeqAsync(IAmazonDynamoDB dynamoDb, string usersTable, GitHubUsername username, CancellationToken cancellationToken) =>
        (await ReadGistSequenceAsync(dynamoDb, usersTable, username, cancellationToken))?.GistSeq;

    /// <summary>
    /// The user's gist sequence and newest gist's creation time, read consistently in one call; null when not tracked.
    /// Both move only in the transaction that stores gists, so a write conditioned on gistSeq also holds lastGistAt.
    /// </summary>
    public static async Task<GistSequence?> ReadGistSequenceAsync(IAmazonDynamoDB dynamoDb, string usersTable, GitHubUsername username, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest
            {
                TableName = usersTable,
                Key = Key(username),
                ConsistentRead = true,
                ProjectionExpression = "#seq, #status, #lastGistAt",
                ExpressionAttributeNames = new() { ["#seq"] = Table.GistSeq, ["#status"] = Table.Status, ["#lastGistAt"] = Table.LastGistAt },
            },
            cancellationToken);

        return response.Item is { Count: > 0 } item && item.OptionalString(Table.Status) != Deleting
            ? new GistSequence(item.OptionalNumber(Table.GistSeq) ?? 0, item.OptionalTimestamp(Table.LastGistAt))
            : null;
    }

    public static string StatusText(UserStatus status) => status switch
    {
        UserStatus.Ok => Ok,
        UserStatus.NotFound => NotFound,
        UserStatus.Error => Error,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown user status."),
    };

    private static UserStatus ParseStatus(string text) => text switch
    {
        Ok => UserStatus.Ok,
        NotFound => UserStatus.NotFound,
        Error => UserStatus.Error,
        _ => throw new InvalidDataException($"Unknown stored user status '{text}'."),
    };
}

/// <summary>The last discovery sequence number given out for a user, and GitHub's createdAt of their newest stored gist.</summary>
internal sealed record GistSequence(long GistSeq, DateTimeOffset? LastGistAt);
