using System.Diagnostics;
using Amazon.Runtime;

namespace GistCloud.Benchmarks;

/// <summary>
/// Counts the DynamoDB requests a run makes and the time spent waiting for them (summed over concurrent calls):
/// with the HTTP latency known, that says where the rest of a run's wall time goes.
/// </summary>
internal sealed class DynamoDbMeter
{
    public const string HttpClientName = "dynamodb-metered";

    private long _calls;
    private long _elapsedTicks;

    public DynamoDbUsage Take() =>
        new(Interlocked.Exchange(ref _calls, 0), TimeSpan.FromTicks(Interlocked.Exchange(ref _elapsedTicks, 0)));

    internal void Record(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }
}

/// <param name="Waited">Time callers spent waiting on DynamoDB, summed over concurrent calls.</param>
internal readonly record struct DynamoDbUsage(long Calls, TimeSpan Waited)
{
    public double AverageMs => Calls == 0 ? 0 : Waited.TotalMilliseconds / Calls;
}

/// <summary>Times each request the AWS SDK sends.</summary>
internal sealed class DynamoDbMeteringHandler(DynamoDbMeter meter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            meter.Record(Stopwatch.GetElapsedTime(start));
        }
    }
}

/// <summary>The AWS SDK's hook for its HttpClient: one from IHttpClientFactory, whose handler chain holds the meter.</summary>
internal sealed class MeteredDynamoDbHttpClientFactory(IHttpClientFactory clients) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => clients.CreateClient(DynamoDbMeter.HttpClientName);
}
