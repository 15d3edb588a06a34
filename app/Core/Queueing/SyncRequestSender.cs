using Amazon.SQS;
using Amazon.SQS.Model;
using GistCloud.Core.Domain.SyncRuns;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Queueing;

/// <summary>Where "Sync now" requests go when the process asked does not run syncs itself (the API on AWS).</summary>
public interface ISyncRequestSender
{
    /// <summary>Sends the request; throws <see cref="SyncRunQueueException"/> when the queue did not take it.</summary>
    Task SendAsync(SyncRunRequest request, CancellationToken cancellationToken);
}

/// <summary>The request was not queued (SQS refused or could not be reached); the message is safe to show.</summary>
public sealed class SyncRunQueueException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary><see cref="ISyncRequestSender"/> on Amazon SQS (<c>Sync:QueueUrl</c>), read by the sync Lambda's event source mapping.</summary>
public sealed partial class SqsSyncRequestSender(IAmazonSQS sqs, SyncRunQueueOptions options, ILogger<SqsSyncRequestSender> logger) : ISyncRequestSender
{
    public async Task SendAsync(SyncRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var sent = await sqs.SendMessageAsync(
                new SendMessageRequest { QueueUrl = options.QueueUrl.ToString(), MessageBody = SyncRequestMessage.ToBody(request) }, cancellationToken);
            LogQueued(request.RunId, sent.MessageId);
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or Amazon.Runtime.AmazonClientException)
        {
            LogNotQueued(exception, request.RunId);
            throw new SyncRunQueueException("The sync request queue could not take the request; try again shortly.", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run {RunId} queued as message {MessageId}")]
    private partial void LogQueued(string runId, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync run {RunId} could not be queued")]
    private partial void LogNotQueued(Exception exception, string runId);
}

/// <summary>The queue's URL, from <c>Sync:QueueUrl</c>; registered only when it is set.</summary>
public sealed record SyncRunQueueOptions(Uri QueueUrl);
