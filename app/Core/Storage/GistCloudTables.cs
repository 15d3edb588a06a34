using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage;

/// <summary>
/// Every DynamoDB table of GistCloud: names (<c>{prefix}users</c>, …), attribute names, keys and indexes.
/// The stores, table creation and the infrastructure tests all read these, so there is one truth.
/// </summary>
public static class GistCloudTables
{
    /// <summary>One item per tracked user, keyed by the lower-case username.</summary>
    public static class Users
    {
        public const string NameSuffix = "users";
        public const string Username = "username";
        public const string DisplayName = "displayName";
        public const string AvatarUrl = "avatarUrl";
        public const string HtmlUrl = "htmlUrl";
        public const string AddedAt = "addedAt";
        public const string LastSyncedAt = "lastSyncedAt";
        public const string Status = "status";
        public const string LastError = "lastError";

        // The sync's memory of the user (UserSyncState): GitHub's since and ETag, the Pipedrive person, the last check.
        public const string Watermark = "watermark";
        public const string GistsETag = "gistsETag";
        public const string PipedrivePersonId = "pipedrivePersonId";
        public const string LastCheckedAt = "lastCheckedAt";

        /// <summary>How many gists of the user are stored: the last discovery sequence number given out (so it is the gist count).</summary>
        public const string GistSeq = "gistSeq";

        /// <summary>The same value on every user, so one GSI partition lists all users sorted by name with a Query, not a Scan.</summary>
        public const string ListKey = "listKey";
        public const string ListKeyValue = "user";
        public const string ByUsernameIndex = "by-username";

        public static readonly TableDefinition Definition = new(
            NameSuffix,
            KeyField.Text(Username),
            RangeKey: null,
            LocalIndexes: [],
            GlobalIndexes: [new IndexDefinition(ByUsernameIndex, KeyField.Text(ListKey), KeyField.Text(Username))]);
    }

    /// <summary>One item per stored gist. The conditional put on (username, gistId) is what makes a second store impossible.</summary>
    public static class Gists
    {
        public const string NameSuffix = "gists";
        public const string Username = "username";
        public const string GistId = "gistId";

        /// <summary>Per-user discovery sequence number, 1, 2, 3, …: "stored after point P" is <c>seq &gt; P</c>.</summary>
        public const string Seq = "seq";

        /// <summary><c>createdAt</c> as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> + "#" + gistId: sorts by creation, unique per user.</summary>
        public const string CreatedKey = "createdKey";
        public const string Description = "description";
        public const string HtmlUrl = "htmlUrl";
        public const string CreatedAt = "createdAt";
        public const string UpdatedAt = "updatedAt";
        public const string DiscoveredAt = "discoveredAt";
        public const string Files = "files";
        public const string FileName = "filename";
        public const string FileLanguage = "language";
        public const string FileRawUrl = "rawUrl";
        public const string FileSize = "size";
        public const string PipedriveStatus = "pipedriveStatus";
        public const string PipedriveItemId = "pipedriveItemId";
        public const string PipedriveError = "pipedriveError";
        public const string PipedriveAttempts = "pipedriveAttempts";

        /// <summary>BOOL: an attempt began and its outcome is unknown, so the next one looks in Pipedrive before creating.</summary>
        public const string PipedriveUncertain = "pipedriveUncertain";

        /// <summary>
        /// The gist's seq while it waits for Pipedrive (pending, or failed with attempts left); absent otherwise, so
        /// the sparse <see cref="ByOutboxIndex"/> holds exactly the outbox, oldest stored first.
        /// </summary>
        public const string OutboxSeq = "outboxSeq";
        public const string BySeqIndex = "by-seq";
        public const string ByCreatedIndex = "by-created";

        /// <summary>Local, not global: a consistent read sees a gist stored a moment ago, so it is published in the same run.</summary>
        public const string ByOutboxIndex = "by-outbox";

        public static readonly TableDefinition Definition = new(
            NameSuffix,
            KeyField.Text(Username),
            KeyField.Text(GistId),
            LocalIndexes:
            [
                new IndexDefinition(BySeqIndex, KeyField.Text(Username), KeyField.Number(Seq)),
                new IndexDefinition(ByCreatedIndex, KeyField.Text(Username), KeyField.Text(CreatedKey)),
                new IndexDefinition(ByOutboxIndex, KeyField.Text(Username), KeyField.Number(OutboxSeq)),
            ],
            GlobalIndexes: []);
    }

    /// <summary>One item per visit; the gists of a visit are those with <c>fromSeq &lt; seq ≤ toSeq</c>.</summary>
    public static class Visits
    {
        public const string NameSuffix = "visits";
        public const string Username = "username";

        /// <summary>A version 7 GUID in "N" format: time ordered, so the newest visit sorts last.</summary>
        public const string VisitId = "visitId";
        public const string ViewerId = "viewerId";

        /// <summary>viewerId + "#" + visitId: "this viewer's latest visit of U" is one Query on <see cref="ByViewerIndex"/>.</summary>
        public const string ViewerKey = "viewerKey";
        public const string VisitedAt = "visitedAt";
        public const string PreviousVisitAt = "previousVisitAt";

        /// <summary>Exclusive lower bound of the visit's gists (the previous visit's <see cref="ToSeq"/>, 0 at first).</summary>
        public const string FromSeq = "fromSeq";

        /// <summary>Inclusive upper bound: the user's gistSeq read when the visit was recorded.</summary>
        public const string ToSeq = "toSeq";
        public const string ByViewerIndex = "by-viewer";

        public static readonly TableDefinition Definition = new(
            NameSuffix,
            KeyField.Text(Username),
            KeyField.Text(VisitId),
            LocalIndexes: [new IndexDefinition(ByViewerIndex, KeyField.Text(Username), KeyField.Text(ViewerKey))],
            GlobalIndexes: []);
    }

    /// <summary>
    /// Sync bookkeeping, two kinds of item: runs (pk <c>run</c>, sk the run id, newest last) and the single lease
    /// (pk <c>lease</c>, sk <c>sync</c>). Runs expire after <see cref="RunRetention"/> through DynamoDB's TTL.
    /// </summary>
    public static class SyncRuns
    {
        public const string NameSuffix = "sync-runs";
        public const string Pk = "pk";
        public const string Sk = "sk";
        public const string RunPartition = "run";

        /// <summary>A version 7 GUID in "N" format: time ordered, so a descending Query lists the newest first.</summary>
        public const string RunId = Sk;
        public const string Trigger = "trigger";
        public const string Outcome = "outcome";
        public const string StartedAt = "startedAt";
        public const string FinishedAt = "finishedAt";
        public const string Figures = "figures";
        public const string Errors = "errors";
        public const string ErrorUsername = "username";
        public const string ErrorText = "error";
        public const string Message = "message";

        /// <summary>Epoch seconds (N) on runs: DynamoDB's TTL deletes them after that time.</summary>
        public const string ExpiresAt = "expiresAt";

        public const string LeasePartition = "lease";
        public const string LeaseSortKey = "sync";
        public const string LeaseHolder = "holder";

        /// <summary>
        /// Same attribute as the runs' TTL, but a timestamp string: TTL ignores non-numbers, so the lease item is never
        /// deleted behind the holder's back, and the fixed-width text compares in time order in the lease's condition.
        /// </summary>
        public const string LeaseExpiresAt = ExpiresAt;

        public static readonly TimeSpan RunRetention = TimeSpan.FromDays(90);

        public static readonly TableDefinition Definition = new(
            NameSuffix,
            KeyField.Text(Pk),
            KeyField.Text(Sk),
            LocalIndexes: [],
            GlobalIndexes: [],
            TimeToLiveAttribute: ExpiresAt);
    }

    public static IReadOnlyList<TableDefinition> All { get; } = [Users.Definition, Gists.Definition, Visits.Definition, SyncRuns.Definition];

    /// <summary>
    /// Creates the missing tables (on demand billing) and waits until all are ACTIVE. Safe to run again and from
    /// two processes at once. An existing table whose keys or indexes differ is an error: indexes cannot be fixed later.
    /// </summary>
    public static async Task EnsureCreatedAsync(IAmazonDynamoDB dynamoDb, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        await Task.WhenAll(All.Select(t => EnsureCreatedAsync(dynamoDb, prefix, t, cancellationToken)));
    }

    private static async Task EnsureCreatedAsync(IAmazonDynamoDB dynamoDb, string prefix, TableDefinition definition, CancellationToken cancellationToken)
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

        table = await WaitUntilActiveAsync(dynamoDb, name, cancellationToken);
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

    private static async Task<TableDescription> WaitUntilActiveAsync(IAmazonDynamoDB dynamoDb, string name, CancellationToken cancellationToken)
    {
        // On AWS a new table takes seconds to a minute; DynamoDB Local answers ACTIVE at once.
        var delay = TimeSpan.FromMilliseconds(200);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var table = await TryDescribeAsync(dynamoDb, name, cancellationToken);
            if (table is not null
                && table.TableStatus == TableStatus.ACTIVE
                && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE))
            {
                return table;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"DynamoDB table {name} did not become ACTIVE within 5 minutes (status {table?.TableStatus?.Value ?? "absent"}).");
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
        }
    }
}
