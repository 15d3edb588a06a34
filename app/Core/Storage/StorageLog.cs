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

    [LoggerMessage(4, LogLevel.Debug, "Scan result for {Username} not recorded: the user is no longer tracked")]
    public static partial void ScanOfUntrackedUser(this ILogger logger, string username);

    [LoggerMessage(5, LogLevel.Information, "Stored {Added} new gists for {Username} ({AlreadyStored} already stored)")]
    public static partial void GistsStored(this ILogger logger, string username, int added, int alreadyStored);

    [LoggerMessage(6, LogLevel.Debug, "Storing gists for {Username} raced with another writer (attempt {Attempt}); retrying")]
    public static partial void GistWriteRetried(this ILogger logger, string username, int attempt);

    [LoggerMessage(7, LogLevel.Debug, "Visit {VisitId} of {Username} by {ViewerId}: gists {FromSeq} < seq <= {ToSeq}")]
    public static partial void VisitRecorded(this ILogger logger, string visitId, string username, string viewerId, long fromSeq, long toSeq);

    [LoggerMessage(8, LogLevel.Warning, "DynamoDB is not ready: table {TableName} could not be described")]
    public static partial void NotReady(this ILogger logger, Exception exception, string tableName);

    [LoggerMessage(9, LogLevel.Information, "Ensuring DynamoDB tables with prefix {TablePrefix} exist")]
    public static partial void EnsuringTables(this ILogger logger, string tablePrefix);
}
