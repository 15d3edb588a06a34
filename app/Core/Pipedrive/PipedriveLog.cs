using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Pipedrive;

internal static partial class PipedriveLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipedrive call failed ({FailureKind}) while {Action}: {FailureMessage}")]
    public static partial void CallFailed(this ILogger logger, string action, PipedriveFailureKind failureKind, string failureMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipedrive activity type resolved: {ActivityType}")]
    public static partial void ActivityTypeResolved(this ILogger logger, string activityType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Pipedrive person {PersonId} for {Username}")]
    public static partial void PersonCreated(this ILogger logger, long personId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gist {GistId} was already in Pipedrive as {ItemKind} {ItemId}: found by its marker, not created again")]
    public static partial void FoundExisting(this ILogger logger, string gistId, PipedriveMode itemKind, long itemId);
}
