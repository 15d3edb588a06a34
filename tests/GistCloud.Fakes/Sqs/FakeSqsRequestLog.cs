namespace GistCloud.Fakes.Sqs;

/// <summary>One request as the fake answered it.</summary>
/// <param name="Action">From <c>X-Amz-Target</c> without the <c>AmazonSQS.</c> prefix, e.g. <c>ReceiveMessage</c>; empty when missing.</param>
/// <param name="QueueName">The queue the request named (by URL or name), when it named one.</param>
/// <param name="ErrorType">The <c>__type</c> of an error answer, e.g. <c>com.amazonaws.sqs#QueueDoesNotExist</c>.</param>
public sealed record FakeSqsRequest(int Sequence, string Action, string? QueueName, int StatusCode, string? ErrorType);

/// <summary>Every request answered, in arrival order.</summary>
public sealed class FakeSqsRequestLog
{
    private readonly Lock _lock = new();
    private readonly List<FakeSqsRequest> _requests = [];
    private int _received;

    public IReadOnlyList<FakeSqsRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Requests for <paramref name="action"/>, e.g. <c>ReceiveMessage</c>.</summary>
    public IReadOnlyList<FakeSqsRequest> Of(string action)
    {
        lock (_lock)
        {
            return _requests.Where(r => r.Action == action).ToList();
        }
    }

    internal int NextSequence() => Interlocked.Increment(ref _received);

    internal void Add(FakeSqsRequest request)
    {
        lock (_lock)
        {
            var at = _requests.FindLastIndex(r => r.Sequence < request.Sequence) + 1;
            _requests.Insert(at, request);
        }
    }
}
