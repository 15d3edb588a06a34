using System.Diagnostics;
using System.Net;

namespace GistCloud.Benchmarks.Api;

/// <summary>
/// Closed-loop load: <c>connections</c> workers, each on its own keep-alive connection, send the next GET as soon
/// as the previous answer's body is read. Runs in this process, never in a server's.
/// </summary>
internal sealed class LoadLoop : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _connections;

    public LoadLoop(int connections)
    {
        _connections = connections;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Requests answered per second over <paramref name="window"/>, and how many were not a 200.</summary>
    /// <param name="headers">Sent with every request (a bearer token, a viewer id).</param>
    public async Task<LoadFigures> RunAsync(Uri url, TimeSpan window, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long answered = 0;
        long failed = 0;
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(window);
        var workers = Enumerable.Range(0, _connections).Select(async _ =>
        {
            long mine = 0;
            long myFailures = 0;
            // A request in flight finishes: cancelling it would close its connection and the next window would reconnect.
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                {
                    request.Headers.Add(name, value);
                }

                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                mine++;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    myFailures++;
                }
            }

            Interlocked.Add(ref answered, mine);
            Interlocked.Add(ref failed, myFailures);
        });
        await Task.WhenAll(workers);
        return new LoadFigures(answered / clock.Elapsed.TotalSeconds, answered, failed);
    }

    public void Dispose() => _client.Dispose();
}

internal readonly record struct LoadFigures(double PerSecond, long Answered, long Failed);
