using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.Sqs;

/// <summary>
/// A stateful model of Amazon SQS standard queues speaking the AWS JSON 1.0 protocol, served by Kestrel on 127.0.0.1,
/// that the real AWS SDK for .NET talks to (<c>ServiceURL = BaseUrl</c>). Signatures are not checked, only required.
/// Time (visibility, delays, retention, long polls) runs on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class FakeSqsServer : IAsyncDisposable
{
    /// <summary>The account id in every queue URL and ARN.</summary>
    public const string AccountId = "000000000000";

    public const string Region = "us-east-1";

    private readonly WebApplication _app;
    private readonly FakeSqsQueues _queues;

    private FakeSqsServer(WebApplication app, Uri baseUrl, FakeSqsQueues queues, FakeSqsRequestLog log)
    {
        _app = app;
        BaseUrl = baseUrl;
        _queues = queues;
        Log = log;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>: the SDK's ServiceURL; queue URLs are <c>{BaseUrl}000000000000/{name}</c>.</summary>
    public Uri BaseUrl { get; }

    public FakeSqsRequestLog Log { get; }

    public IReadOnlyList<FakeSqsRequest> Requests => Log.Requests;

    public IReadOnlyCollection<FakeSqsQueue> Queues => _queues.All;

    public static async Task<FakeSqsServer> StartAsync(FakeSqsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeSqsServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        if (!options.ConsoleLogging)
        {
            builder.Logging.ClearProviders();
        }

        var app = builder.Build();
        var baseUrlHolder = new Uri[1]; // known once Kestrel has its port
        var queues = new FakeSqsQueues(() => baseUrlHolder[0], options.TimeProvider);
        var log = new FakeSqsRequestLog();
        var endpoint = new FakeSqsEndpoint(queues, log, options.TimeProvider);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        baseUrlHolder[0] = new Uri(address + "/");
        return new FakeSqsServer(app, baseUrlHolder[0], queues, log);
    }

    /// <summary>The queue named <paramref name="name"/>; throws when there is none.</summary>
    public FakeSqsQueue Queue(string name) => _queues.Find(name) ?? throw new KeyNotFoundException($"No queue named {name}.");

    public Uri QueueUrl(string name) => new(BaseUrl, $"{AccountId}/{name}");

    public static string QueueArn(string name) => $"arn:aws:sqs:{Region}:{AccountId}:{name}";

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _queues.Dispose();
    }
}

public sealed class FakeSqsServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public bool ConsoleLogging { get; init; }
}

/// <summary>The queues by name; CreateQueue's rules (same attributes: same queue; different: QueueNameExists; DLQ must exist).</summary>
internal sealed class FakeSqsQueues(Func<Uri> baseUrl, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, FakeSqsQueue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();

    public IReadOnlyCollection<FakeSqsQueue> All => _queues.Values.ToList();

    public FakeSqsQueue? Find(string name) => _queues.GetValueOrDefault(name);

    /// <summary>The queue a QueueUrl names: its last path segment, whatever the host (the SDK may send a URL of another form).</summary>
    public FakeSqsQueue FromUrl(string queueUrl)
    {
        var name = queueUrl.TrimEnd('/').Split('/')[^1];
        return Find(name) ?? throw FakeSqsError.QueueDoesNotExist();
    }

    public FakeSqsQueue Create(string name, IReadOnlyDictionary<string, string> attributes)
    {
        lock (_createLock)
        {
            if (_queues.TryGetValue(name, out var existing))
            {
                var same = attributes.All(a => existing.Attributes.TryGetValue(a.Key, out var value) && value == a.Value);
                return same ? existing : throw FakeSqsError.QueueNameExists(name);
            }

            var (deadLetterQueue, maxReceiveCount) = FakeSqsAttributes.RedrivePolicy(attributes, this);
            var queue = new FakeSqsQueue(name, new Uri(baseUrl(), $"{FakeSqsServer.AccountId}/{name}"), FakeSqsServer.QueueArn(name), attributes, deadLetterQueue, maxReceiveCount, time);
            _queues[name] = queue;
            return queue;
        }
    }

    public void Dispose()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Dispose();
        }
    }
}
