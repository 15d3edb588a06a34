using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.Core.Storage.SyncRuns;

/// <summary>How a <see cref="SyncRun"/> is laid out in the sync-runs table: one item, figures as a map, errors as a list of maps.</summary>
internal static class SyncRunItem
{
    private const int RunIdLength = 32;

    // Figure names inside the figures map.
    private const string UsersChecked = "usersChecked";
    private const string UsersChanged = "usersChanged";
    private const string GistsStored = "gistsStored";
    private const string GistsUpdated = "gistsUpdated";
    private const string GistsPublished = "gistsPublished";
    private const string GistsFailed = "gistsFailed";
    private const string GitHubRequests = "gitHubRequests";
    private const string GitHubNotModified = "gitHubNotModified";
    private const string RateLimitRemaining = "rateLimitRemaining";
    private const string GraphQLRequests = "graphQLRequests";
    private const string GraphQLPoints = "graphQLPoints";

    // Failed publishes of the run: absent on runs stored before they were recorded.
    private const string FailedGists = "failedGists";
    private const string FailedGistsLeftOut = "failedGistsLeftOut";
    private const string FailedUsername = "username";
    private const string FailedGistId = "gistId";
    private const string FailedError = "error";
    private const string FailedAttempts = "attempts";

    /// <summary>A version 7 GUID in "N" format: 32 lower-case hex digits that sort by start time.</summary>
    public static string NewRunId(DateTimeOffset startedAt) => Guid.CreateVersion7(startedAt).ToString("N");

    /// <summary>Accepts 32 hex digits in either case and gives the stored (lower-case) form.</summary>
    public static bool TryNormalizeRunId(string? text, [NotNullWhen(true)] out string? runId)
    {
        runId = text is { Length: RunIdLength } && text.All(char.IsAsciiHexDigit) ? text.ToLowerInvariant() : null;
        return runId is not null;
    }

    public static Dictionary<string, AttributeValue> Key(string runId) => new()
    {
        [Table.Pk] = S(Table.RunPartition),
        [Table.Sk] = S(runId),
    };

    public static Dictionary<string, AttributeValue> ToItem(SyncRun run, string runId)
    {
        var item = Key(runId);
        item[Table.Trigger] = S(TriggerText(run.Trigger));
        item[Table.Outcome] = S(OutcomeText(run.Outcome));
        item[Table.StartedAt] = Timestamp(run.StartedAt);
        item[Table.Figures] = new AttributeValue { M = FiguresToMap(run.Figures) };
        item[Table.Errors] = new AttributeValue { L = [.. run.Errors.Select(ErrorToMap)] };
        item[Table.ExpiresAt] = N((run.StartedAt + Table.RunRetention).ToUnixTimeSeconds());
        item.SetIfNotNull(Table.Message, run.Message);
        if (run.RequestedBy is { } requestedBy)
        {
            item[Table.RequestedBy] = ActorAttribute.ToMap(requestedBy);
        }

        if (run.FailedGists is { } failed)
        {
            item[FailedGists] = new AttributeValue { L = [.. failed.Select(FailedToMap)] };
            item[FailedGistsLeftOut] = N(run.FailedGistsLeftOut);
        }

        if (run.FinishedAt is { } finishedAt)
        {
            item[Table.FinishedAt] = Timestamp(finishedAt);
        }

        return item;
    }

    public static SyncRun FromItem(Dictionary<string, AttributeValue> item) => new(
        item.RequiredString(Table.RunId),
        ParseTrigger(item.RequiredString(Table.Trigger)),
        ParseOutcome(item.RequiredString(Table.Outcome)),
        item.RequiredTimestamp(Table.StartedAt),
        item.OptionalTimestamp(Table.FinishedAt),
        FiguresFromMap(item.TryGetValue(Table.Figures, out var figures) ? figures.M ?? [] : []),
        item.TryGetValue(Table.Errors, out var errors) && errors.L is not null ? [.. errors.L.Select(ErrorFromMap)] : [],
        item.OptionalString(Table.Message),
        item.TryGetValue(FailedGists, out var failed) && failed.L is not null ? [.. failed.L.Select(FailedFromMap)] : null,
        (int)(item.OptionalNumber(FailedGistsLeftOut) ?? 0),
        ActorAttribute.Optional(item, Table.RequestedBy));

    private static AttributeValue FailedToMap(FailedGistPublish failed) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            [FailedUsername] = S(failed.Username.Value),
            [FailedGistId] = S(failed.GistId),
            [FailedError] = S(failed.Error),
            [FailedAttempts] = N(failed.Attempts),
        },
    };

    private static FailedGistPublish FailedFromMap(AttributeValue value) => new(
        GitHubUsername.Parse(value.M.RequiredString(FailedUsername)),
        value.M.RequiredString(FailedGistId),
        value.M.RequiredString(FailedError),
        (int)value.M.RequiredNumber(FailedAttempts));

    private static Dictionary<string, AttributeValue> FiguresToMap(SyncFigures figures)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            [UsersChecked] = N(figures.UsersChecked),
            [UsersChanged] = N(figures.UsersChanged),
            [GistsStored] = N(figures.GistsStored),
            [GistsUpdated] = N(figures.GistsUpdated),
            [GistsPublished] = N(figures.GistsPublished),
            [GistsFailed] = N(figures.GistsFailed),
            [GitHubRequests] = N(figures.GitHubRequests),
            [GitHubNotModified] = N(figures.GitHubNotModified),
            [GraphQLRequests] = N(figures.GraphQLRequests),
            [GraphQLPoints] = N(figures.GraphQLPoints),
        };
        if (figures.RateLimitRemaining is { } remaining)
        {
            map[RateLimitRemaining] = N(remaining);
        }

        return map;
    }

    private static SyncFigures FiguresFromMap(Dictionary<string, AttributeValue> map)
    {
        int Figure(string name) => (int)(map.OptionalNumber(name) ?? 0);
        return new SyncFigures(
            Figure(UsersChecked),
            Figure(UsersChanged),
            Figure(GistsStored),
            Figure(GistsUpdated),
            Figure(GistsPublished),
            Figure(GistsFailed),
            Figure(GitHubRequests),
            Figure(GitHubNotModified),
            (int?)map.OptionalNumber(RateLimitRemaining),
            Figure(GraphQLRequests),
            Figure(GraphQLPoints));
    }

    private static AttributeValue ErrorToMap(UserSyncError error) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            [Table.ErrorUsername] = S(error.Username.Value),
            [Table.ErrorText] = S(error.Error),
        },
    };

    private static UserSyncError ErrorFromMap(AttributeValue value) => new(
        GitHubUsername.Parse(value.M.RequiredString(Table.ErrorUsername)),
        value.M.RequiredString(Table.ErrorText));

    private static string TriggerText(SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.Schedule => "schedule",
        SyncTrigger.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown sync trigger."),
    };

    private static SyncTrigger ParseTrigger(string text) => text switch
    {
        "schedule" => SyncTrigger.Schedule,
        "manual" => SyncTrigger.Manual,
        _ => throw new InvalidDataException($"Unknown stored sync trigger '{text}'."),
    };

    private static string OutcomeText(SyncRunOutcome outcome) => outcome switch
    {
        SyncRunOutcome.Queued => "queued",
        SyncRunOutcome.Running => "running",
        SyncRunOutcome.Completed => "completed",
        SyncRunOutcome.StoppedEarly => "stopped_early",
        SyncRunOutcome.Skipped => "skipped",
        SyncRunOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown sync run outcome."),
    };

    private static SyncRunOutcome ParseOutcome(string text) => text switch
    {
        "queued" => SyncRunOutcome.Queued,
        "running" => SyncRunOutcome.Running,
        "completed" => SyncRunOutcome.Completed,
        "stopped_early" => SyncRunOutcome.StoppedEarly,
        "skipped" => SyncRunOutcome.Skipped,
        "failed" => SyncRunOutcome.Failed,
        _ => throw new InvalidDataException($"Unknown stored sync run outcome '{text}'."),
    };
}
