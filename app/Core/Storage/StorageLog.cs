using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Storage;

/// <summary>The storage layer's log messages, source-generated so the hot paths do not box or format when disabled.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "Started tracking {Username}")]
    public static partial void UserAdded(this ILogger logger, string username);

    [LoggerMessage(2, LogLevel.Information, "Finishing the removal of {Username}, left half-done earlier, before adding it again")]
    public static partial void FinishingEarlierRemoval(this ILogger logger, string username);

    [LoggerMessage(3, LogLevel.Information, "Removed {Username} with {GistCount} gists and {VisitCount} visits")]
    public static partial void UserRemoved(this ILogger logger, string username, int gistCount, int visitCount);

    [LoggerMessage(4, LogLevel.Debug, "Sync state of {Username} not recorded: the user is no longer tracked")]
    public static partial void WriteToUntrackedUser(this ILogger logger, string username);

    [LoggerMessage(5, LogLevel.Information, "Stored {Added} new gists for {Username}, refreshed {Updated} ({AlreadyStored} already stored)")]
    public static partial void GistsStored(this ILogger logger, string username, int added, int updated, int alreadyStored);

    [LoggerMessage(6, LogLevel.Debug, "Storing gists for {Username} raced with another writer (attempt {Attempt}); retrying")]
    public static partial void GistWriteRetried(this ILogger logger, string username, int attempt);

    [LoggerMessage(7, LogLevel.Debug, "Visit {VisitId} of {Username} by {ViewerId}: gists {FromSeq} < seq <= {ToSeq}")]
    public static partial void VisitRecorded(this ILogger logger, string visitId, string username, string viewerId, long fromSeq, long toSeq);

    [LoggerMessage(8, LogLevel.Warning, "DynamoDB is not ready: table {TableName} could not be described")]
    public static partial void NotReady(this ILogger logger, Exception exception, string tableName);

    [LoggerMessage(9, LogLevel.Information, "Ensuring DynamoDB tables with prefix {TablePrefix} exist")]
    public static partial void EnsuringTables(this ILogger logger, string tablePrefix);

    [LoggerMessage(10, LogLevel.Debug, "Pipedrive state of gist {GistId} of {Username} not recorded: the gist is no longer stored")]
    public static partial void OutboxGistGone(this ILogger logger, string username, string gistId);

    [LoggerMessage(11, LogLevel.Information, "Gist {GistId} of {Username} leaves the Pipedrive outbox as failed: its {MaxAttempts} attempts are spent")]
    public static partial void OutboxAttemptsSpent(this ILogger logger, string username, string gistId, int maxAttempts);

    [LoggerMessage(12, LogLevel.Debug, "Sync lease taken by {Holder} until {ExpiresAt:o}")]
    public static partial void LeaseAcquired(this ILogger logger, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(13, LogLevel.Information, "Sync lease not taken by {Caller}: {Holder} holds it until {ExpiresAt:o}")]
    public static partial void LeaseHeld(this ILogger logger, string caller, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(14, LogLevel.Warning, "Sync lease could not be renewed by {Holder}: it was taken over or released")]
    public static partial void LeaseLost(this ILogger logger, string holder);

    [LoggerMessage(15, LogLevel.Debug, "Sync lease released by {Holder}")]
    public static partial void LeaseReleased(this ILogger logger, string holder);
}
