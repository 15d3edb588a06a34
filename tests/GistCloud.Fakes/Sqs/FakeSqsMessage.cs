namespace GistCloud.Fakes.Sqs;

/// <summary>A message held by a fake queue; mutable state changes only under its queue's lock.</summary>
internal sealed class FakeSqsMessage(string messageId, string body, IReadOnlyDictionary<string, FakeSqsMessageAttributeValue> attributes, DateTimeOffset sentAt)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    public string Md5OfBody { get; } = FakeSqsMd5.OfBody(body);

    public IReadOnlyDictionary<string, FakeSqsMessageAttributeValue> Attributes { get; } = attributes;

    /// <summary>When it was first sent: kept when a redrive moves it to the dead-letter queue, as SQS keeps it.</summary>
    public DateTimeOffset SentAt { get; } = sentAt;

    /// <summary>When it may next be received: after its delay, or after its visibility timeout while in flight.</summary>
    public DateTimeOffset VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    /// <summary>The handle of the latest receive; older handles of this message are stale.</summary>
    public string? ReceiptHandle { get; set; }

    /// <summary>Received and not yet visible again.</summary>
    public bool InFlight { get; set; }

    public string? DeadLetterQueueSourceArn { get; set; }
}

/// <summary>What a test sees of one message.</summary>
public sealed record FakeSqsMessageView(string MessageId, string Body, int ReceiveCount, bool InFlight, DateTimeOffset SentAt, DateTimeOffset VisibleAt);

/// <summary>A queue's message counts as GetQueueAttributes reports them.</summary>
/// <param name="Visible">ApproximateNumberOfMessages: receivable now.</param>
/// <param name="InFlight">ApproximateNumberOfMessagesNotVisible: received, not deleted, visibility timeout running.</param>
/// <param name="Delayed">ApproximateNumberOfMessagesDelayed: sent with a delay that has not passed.</param>
public sealed record FakeSqsMessageCounts(int Visible, int InFlight, int Delayed)
{
    public int Total => Visible + InFlight + Delayed;
}
