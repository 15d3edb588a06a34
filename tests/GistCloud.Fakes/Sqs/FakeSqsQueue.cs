using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GistCloud.Fakes.Sqs;

/// <summary>
/// One standard queue: visibility timeouts, delays and retention on the server's <see cref="TimeProvider"/>, and a
/// redrive policy that moves a message to its dead-letter queue instead of delivering it past maxReceiveCount.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "It models an SQS queue, the domain's own word, not a Queue<T> collection.")]
public sealed class FakeSqsQueue : IDisposable
{
    internal const int DefaultVisibilityTimeoutSeconds = 30;
    internal const int DefaultRetentionSeconds = 345_600;

    private readonly Lock _lock = new();
    private readonly List<FakeSqsMessage> _messages = [];
    private readonly Dictionary<string, FakeSqsMessage> _messagesByHandle = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _visibilityTimer;
    private TaskCompletionSource _changed = NewSignal();
    private DateTimeOffset? _lastPurgeAt;
    private int _waitingReceives;

    internal FakeSqsQueue(string name, Uri url, string arn, IReadOnlyDictionary<string, string> attributes, FakeSqsQueue? deadLetterQueue, int maxReceiveCount, TimeProvider time)
    {
        Name = name;
        Url = url;
        Arn = arn;
        Attributes = attributes;
        DeadLetterQueue = deadLetterQueue;
        MaxReceiveCount = maxReceiveCount;
        _time = time;
        CreatedAt = time.GetUtcNow();
        // Wakes long polls when a message's delay or visibility timeout ends on the (possibly fake) clock.
        _visibilityTimer = time.CreateTimer(_ => Pulse(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    public Uri Url { get; }

    public string Arn { get; }

    /// <summary>The attributes given at creation (strings as sent, e.g. RedrivePolicy's JSON).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    public FakeSqsQueue? DeadLetterQueue { get; }

    /// <summary>From the RedrivePolicy; 0 without one.</summary>
    public int MaxReceiveCount { get; }

    public DateTimeOffset CreatedAt { get; }

    public int VisibilityTimeoutSeconds => IntAttribute("VisibilityTimeout", DefaultVisibilityTimeoutSeconds);

    public int RetentionSeconds => IntAttribute("MessageRetentionPeriod", DefaultRetentionSeconds);

    public int DelaySeconds => IntAttribute("DelaySeconds", 0);

    public int ReceiveWaitTimeSeconds => IntAttribute("ReceiveMessageWaitTimeSeconds", 0);

    /// <summary>Visible, in-flight and delayed counts now.</summary>
    public FakeSqsMessageCounts Counts
    {
        get
        {
            lock (_lock)
            {
                var now = DropExpired();
                var inFlight = _messages.Count(m => m.InFlight && m.VisibleAt > now);
                var delayed = _messages.Count(m => !m.InFlight && m.VisibleAt > now);
                return new FakeSqsMessageCounts(_messages.Count - inFlight - delayed, inFlight, delayed);
            }
        }
    }

    /// <summary>ReceiveMessage calls long-polling this queue now (lets a test send only once a poll waits).</summary>
    public int WaitingReceives => Volatile.Read(ref _waitingReceives);

    internal void BeginWait() => Interlocked.Increment(ref _waitingReceives);

    internal void EndWait() => Interlocked.Decrement(ref _waitingReceives);

    /// <summary>Every message held, in send order.</summary>
    public IReadOnlyList<FakeSqsMessageView> Messages
    {
        get
        {
            lock (_lock)
            {
                var now = DropExpired();
                return _messages.Select(m => new FakeSqsMessageView(m.MessageId, m.Body, m.ReceiveCount, m.InFlight && m.VisibleAt > now, m.SentAt, m.VisibleAt)).ToList();
            }
        }
    }

    /// <summary>Sends as SendMessage would (for arranging a test without the SDK).</summary>
    public string Send(string body, IReadOnlyDictionary<string, FakeSqsMessageAttributeValue>? attributes = null, int? delaySeconds = null) =>
        Enqueue(body, attributes ?? new Dictionary<string, FakeSqsMessageAttributeValue>(), delaySeconds).MessageId;

    internal FakeSqsMessage Enqueue(string body, IReadOnlyDictionary<string, FakeSqsMessageAttributeValue> attributes, int? delaySeconds)
    {
        var now = _time.GetUtcNow();
        var message = new FakeSqsMessage(Guid.NewGuid().ToString(), body, attributes, now)
        {
            VisibleAt = now.AddSeconds(delaySeconds ?? DelaySeconds),
        };
        Add(message);
        return message;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> visible messages and hides them for the visibility timeout. Messages already received
    /// maxReceiveCount times go to the dead-letter queue instead. When none is visible, <paramref name="changed"/> completes
    /// at the next send, visibility change or timeout end.
    /// </summary>
    internal IReadOnlyList<FakeSqsReceived> Receive(int max, int? visibilityTimeoutSeconds, out Task changed)
    {
        var received = new List<FakeSqsReceived>();
        var redriven = new List<FakeSqsMessage>();
        lock (_lock)
        {
            var now = DropExpired();
            foreach (var message in _messages.Where(m => m.VisibleAt <= now).ToList())
            {
                if (received.Count == max)
                {
                    break;
                }

                if (DeadLetterQueue is not null && message.ReceiveCount >= MaxReceiveCount)
                {
                    Remove(message);
                    redriven.Add(message);
                    continue;
                }

                message.ReceiveCount++;
                message.FirstReceivedAt ??= now;
                message.InFlight = true;
                message.VisibleAt = now.AddSeconds(visibilityTimeoutSeconds ?? VisibilityTimeoutSeconds);
                message.ReceiptHandle = NewReceiptHandle();
                _messagesByHandle[message.ReceiptHandle] = message;
                received.Add(new FakeSqsReceived(message, message.ReceiptHandle, message.ReceiveCount, message.FirstReceivedAt.Value));
            }

            ScheduleWakeUp(now);
            changed = _changed.Task;
        }

        foreach (var message in redriven)
        {
            DeadLetterQueue!.Add(new FakeSqsMessage(message.MessageId, message.Body, message.Attributes, message.SentAt)
            {
                VisibleAt = _time.GetUtcNow(),
                DeadLetterQueueSourceArn = Arn,
            });
        }

        return received;
    }

    /// <summary>Deletes by the latest receipt handle; a stale handle (an earlier receive of a message since received again) succeeds without deleting, as SQS documents.</summary>
    internal void Delete(string receiptHandle)
    {
        lock (_lock)
        {
            var message = MessageOf(receiptHandle);
            if (message.ReceiptHandle == receiptHandle)
            {
                Remove(message);
            }
        }
    }

    internal void ChangeVisibility(string receiptHandle, int visibilityTimeoutSeconds)
    {
        lock (_lock)
        {
            var message = MessageOf(receiptHandle);
            var now = DropExpired();
            if (message.ReceiptHandle != receiptHandle || !message.InFlight || message.VisibleAt <= now || !_messages.Contains(message))
            {
                throw FakeSqsError.MessageNotInflight();
            }

            // SQS counts the new timeout from now, not from the receive.
            message.VisibleAt = now.AddSeconds(visibilityTimeoutSeconds);
            ScheduleWakeUp(now);
        }

        Pulse();
    }

    internal void Purge()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_lastPurgeAt is { } last && now - last < TimeSpan.FromSeconds(60))
            {
                throw FakeSqsError.PurgeQueueInProgress(Name);
            }

            _lastPurgeAt = now;
            _messages.Clear();
            _messagesByHandle.Clear();
        }
    }

    public void Dispose() => _visibilityTimer.Dispose();

    private void Add(FakeSqsMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            ScheduleWakeUp(_time.GetUtcNow());
        }

        Pulse();
    }

    private FakeSqsMessage MessageOf(string receiptHandle) =>
        _messagesByHandle.TryGetValue(receiptHandle, out var message) ? message : throw FakeSqsError.ReceiptHandleIsInvalid(receiptHandle);

    private void Remove(FakeSqsMessage message)
    {
        _messages.Remove(message);
        _messagesByHandle.Where(h => h.Value == message).Select(h => h.Key).ToList().ForEach(h => _messagesByHandle.Remove(h));
    }

    private DateTimeOffset DropExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var expired in _messages.Where(m => now - m.SentAt >= TimeSpan.FromSeconds(RetentionSeconds)).ToList())
        {
            Remove(expired);
        }

        foreach (var message in _messages.Where(m => m.InFlight && m.VisibleAt <= now))
        {
            message.InFlight = false;
        }

        return now;
    }

    private void ScheduleWakeUp(DateTimeOffset now)
    {
        var next = _messages.Where(m => m.VisibleAt > now).Select(m => (DateTimeOffset?)m.VisibleAt).Min();
        _visibilityTimer.Change(next is { } at ? at - now : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private int IntAttribute(string name, int fallback) =>
        Attributes.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string NewReceiptHandle() => Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>One message as a ReceiveMessage call took it.</summary>
internal sealed record FakeSqsReceived(FakeSqsMessage Message, string ReceiptHandle, int ReceiveCount, DateTimeOffset FirstReceivedAt);
