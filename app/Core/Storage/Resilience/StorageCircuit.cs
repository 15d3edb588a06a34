using System.Net;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace GistCloud.Core.Storage.Resilience;

/// <summary>
/// One circuit breaker for every DynamoDB call of the process, applied per HTTP attempt under the AWS SDK (see
/// <see cref="StorageCircuitHandler"/>): each attempt has <see cref="StorageOptions.AttemptTimeout"/>; when at least
/// half of the attempts in <see cref="SamplingDuration"/> fail (transport errors, timeouts, 5xx, throttling; at least
/// <see cref="MinimumThroughput"/> of them), the circuit opens for <see cref="BreakDuration"/> and calls fail at once
/// with <see cref="StorageUnavailableException"/>, without touching the network. Then one probe call goes through:
/// success closes it, failure opens it again. Conditional-check failures and validation errors are answers, not
/// failures. The break and the sampling window run on the injected <see cref="TimeProvider"/> (tests move it); the
/// attempt timeout on the real clock.
/// </summary>
public sealed partial class StorageCircuit
{
    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);
    public const int MinimumThroughput = 5;

    /// <summary>What <see cref="RetryAfter"/> says when the circuit is not open: a failure that did not open it yet.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // The error types DynamoDB answers with HTTP 400 that mean "too much, slow down" rather than "wrong request".
    private static readonly string[] ThrottlingErrors =
        ["ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded"];

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _time;
    private readonly ILogger<StorageCircuit> _logger;
    private DateTimeOffset _halfOpensAt;

    public StorageCircuit(IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageCircuit> logger)
    {
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "dynamodb", TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "dynamodb-circuit",
                FailureRatio = 0.5,
                MinimumThroughput = MinimumThroughput,
                SamplingDuration = SamplingDuration,
                BreakDuration = BreakDuration,
                StateProvider = _state,
                ShouldHandle = args => IsFailureAsync(args.Outcome, args.Context.CancellationToken),
                OnOpened = args =>
                {
                    _halfOpensAt = _time.GetUtcNow() + args.BreakDuration;
                    LogOpened(args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogClosed();
                    return ValueTask.CompletedTask;
                },
            })
            // The attempt timeout bounds a real network wait, so it runs on the real clock: a test's fake clock jumps
            // (hours for a lease, seconds for a run's deadline) and would time out calls in flight that are not late.
            .AddPipeline(new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = TimeProvider.System }
                .AddTimeout(new TimeoutStrategyOptions { Name = "dynamodb-attempt", Timeout = options.Value.AttemptTimeout ?? StorageOptions.DefaultAttemptTimeout })
                .Build())
            .Build();
    }

    /// <summary>True while calls are refused without being sent (open, or half-open with its probe in flight).</summary>
    public bool IsOpen => _state.CircuitState is CircuitState.Open or CircuitState.Isolated
        || (_state.CircuitState == CircuitState.HalfOpen && _time.GetUtcNow() < _halfOpensAt);

    /// <summary>How long a client should wait before trying again: until the circuit half-opens, at least one second.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var remaining = _state.CircuitState == CircuitState.Open ? _halfOpensAt - _time.GetUtcNow() : TimeSpan.Zero;
            return remaining > DefaultRetryAfter ? remaining : DefaultRetryAfter;
        }
    }

    /// <summary>Sends one HTTP attempt through the circuit and the attempt timeout.</summary>
    internal async Task<HttpResponseMessage> SendAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (send, token) => await send(token), send, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new StorageUnavailableException(
                "DynamoDB is unavailable: recent calls failed, so this one was not sent.", RetryAfter, e);
        }
    }

    private static async ValueTask<bool> IsFailureAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            // The caller gave up (a client went away): that says nothing about DynamoDB.
            return !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
        }

        var response = outcome.Result!;
        if ((int)response.StatusCode >= 500)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        // DynamoDB names the error in the JSON body (__type); error bodies are small, and buffering lets the SDK read it again.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ThrottlingErrors.Any(error => body.Contains(error, StringComparison.Ordinal));
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException timeout } => $"no answer within {timeout.Timeout.TotalMilliseconds:0} ms",
        { Exception: { } exception } => exception.Message,
        { Result: { } response } => $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
        _ => "unknown",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB circuit opened for {BreakSeconds} s after repeated failures (last: {Cause}); storage calls fail at once until a probe succeeds")]
    private partial void LogOpened(double breakSeconds, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB circuit closed: storage answers again")]
    private partial void LogClosed();
}
