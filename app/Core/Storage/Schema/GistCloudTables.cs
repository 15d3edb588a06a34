namespace GistCloud.Core.Storage.Schema;

/// <summary>
/// Every DynamoDB table of GistCloud: names (<c>{prefix}users</c>, …), attribute names, keys and indexes.
/// The stores, <see cref="TableCreator"/> and the infrastructure tests all read these, so there is one truth.
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

        /// <summary>Who started tracking the user (a map: kind, subject, name); absent on users added before it was recorded.</summary>
        public const string AddedBy = "addedBy";

        // The sync's memory of the user (UserSyncState): GitHub's since and ETag, the Pipedrive person, the last check.
        public const string Watermark = "watermark";
        public const string GistsETag = "gistsETag";
        public const string PipedrivePersonId = "pipedrivePersonId";
        public const string LastCheckedAt = "lastCheckedAt";
        public const string ProbeSignature = "probeSignature";
        public const string OutboxClearSeq = "outboxClearSeq";

        /// <summary>
        /// One item that is not a user: '~' is never in a GitHub login, and it has no list key, so no user listing sees it.
        /// It holds when the last completed run that used the change probe started (<see cref="ProbeSweptAt"/>).
        /// </summary>
        public const string ProbeSweepKey = "~probe-sweep";
        public const string ProbeSweptAt = "sweptAt";

        /// <summary>How many gists of the user are stored: the last discovery sequence number given out (so it is the gist count).</summary>
        public const string GistSeq = "gistSeq";

        /// <summary>GitHub's createdAt of the newest gist stored, written with <see cref="GistSeq"/> (absent until a gist is stored after it was introduced).</summary>
        public const string LastGistAt = "lastGistAt";

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

    /// <summary>
    /// One item per visit; the gists of a visit are those with <c>fromSeq &lt; seq ≤ toSeq</c>. Also one seen state per
    /// viewer and user (<see cref="SeenPrefix"/>). Both expire (TTL).
    /// </summary>
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

        /// <summary>Epoch seconds (N): visitedAt + Visits:Retention. DynamoDB's TTL deletes the visit some time after.</summary>
        public const string ExpiresAt = "expiresAt";
        public const string ByViewerIndex = "by-viewer";

        /// <summary>
        /// Range key prefix of a viewer's seen state of the user (one item per viewer, <c>~seen#</c> + viewer id). Visit
        /// ids are 32 hex digits, so '~' never starts one; the item has no <see cref="ViewerKey"/>, so the by-viewer index
        /// (visits only) never holds it.
        /// </summary>
        public const string SeenPrefix = "~seen#";

        /// <summary>N: every gist with seq up to it is seen.</summary>
        public const string SeenThroughSeq = "seenThroughSeq";

        /// <summary>NS: seqs above <see cref="SeenThroughSeq"/> marked seen one by one (absent when none).</summary>
        public const string SeenSeqs = "seenSeqs";

        /// <summary>The user's addedAt when the state was written: a state of an earlier tracking of the same name does not count.</summary>
        public const string TrackedSince = "trackedSince";

        /// <summary>N: bumped on every write of the seen state, which is conditioned on it (two tabs never lose a mark).</summary>
        public const string Revision = "revision";

        public static readonly TableDefinition Definition = new(
            NameSuffix,
            KeyField.Text(Username),
            KeyField.Text(VisitId),
            LocalIndexes: [new IndexDefinition(ByViewerIndex, KeyField.Text(Username), KeyField.Text(ViewerKey))],
            GlobalIndexes: [],
            TimeToLiveAttribute: ExpiresAt);
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

        /// <summary>The activity log (who added, removed, asked for a run): sk is a version 7 GUID, newest first; same TTL.</summary>
        public const string ActivityPartition = "activity";

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

        /// <summary>Who asked for a manual run (a map: kind, subject, name).</summary>
        public const string RequestedBy = "requestedBy";

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
}
