using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// A stateful model of the parts of GitHub's REST API that GistCloud uses, served by Kestrel on 127.0.0.1.
/// Hand-written rather than WireMock-style stubs because the behaviour is stateful: <c>since</c> filters the
/// current gists, ETags change with content, and the rate limit is accounted per token (304s free only when
/// authenticated). Tests start one per test (port 0); the offline demo runs it as its own process (Program.cs).
/// </summary>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGitHubServer(WebApplication app, Uri baseUrl, FakeGitHubData data, FakeGitHubFaults faults, FakeGitHubRateLimits rateLimits, FakeGitHubRequestLog log)
    {
        _app = app;
        BaseUrl = baseUrl;
        Data = data;
        Faults = faults;
        RateLimits = rateLimits;
        Log = log;
    }

    /// <summary>The API root to configure as <c>GitHub:BaseUrl</c>; ends with '/'.</summary>
    public Uri BaseUrl { get; }

    public FakeGitHubData Data { get; }

    public FakeGitHubFaults Faults { get; }

    public FakeGitHubRateLimits RateLimits { get; }

    public FakeGitHubRequestLog Log { get; }

    public IReadOnlyList<FakeGitHubRequest> Requests => Log.Requests;

    /// <summary>Requests answered (or abandoned by their client); see <see cref="FakeGitHubRequestLog"/>.</summary>
    public int TotalRequests => Log.TotalRequests;

    /// <summary>Requests that arrived, including any still held by <see cref="DelayNext"/>.</summary>
    public int ReceivedRequests => Log.ReceivedCount;

    public int NotModifiedCount => Log.NotModifiedCount;

    public int CountedAgainstRateLimit => Log.CountedAgainstRateLimit;

    public static async Task<FakeGitHubServer> StartAsync(FakeGitHubServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeGitHubServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        if (!options.ConsoleLogging)
        {
            builder.Logging.ClearProviders();
        }

        var time = options.TimeProvider;
        var (data, faults, rateLimits, log) = (new FakeGitHubData(time), new FakeGitHubFaults(), new FakeGitHubRateLimits(time), new FakeGitHubRequestLog());
        var gate = new FakeGitHubGate(faults, rateLimits, log, time, options.RequiredToken, options.Latency);

        var app = builder.Build();
        app.Use((context, next) => gate.InvokeAsync(context, () => next(context)));
        FakeGitHubEndpoints.Map(app, data, options.EmptyGistListForUnknownUsers);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeGitHubServer(app, new Uri(address.TrimEnd('/') + "/"), data, faults, rateLimits, log);
    }

    public FakeGitHubUser AddUser(string login, string? name = null) => Data.AddUser(login, name);

    public bool RemoveUser(string login) => Data.RemoveUser(login);

    public FakeGist AddGist(
        string login,
        string? id = null,
        string? description = null,
        IEnumerable<FakeGistFile>? files = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? updatedAt = null) =>
        Data.AddGist(login, id, description, files, createdAt, updatedAt);

    public FakeGist UpdateGist(string id, string? description = null, IEnumerable<FakeGistFile>? files = null, DateTimeOffset? updatedAt = null) =>
        Data.UpdateGist(id, description, files, updatedAt);

    /// <inheritdoc cref="FakeGitHubFaults.FailNext"/>
    public void FailNext(string pathOrUser, int count = 1, int statusCode = 502) => Faults.FailNext(pathOrUser, count, statusCode);

    /// <inheritdoc cref="FakeGitHubFaults.DelayNext"/>
    public void DelayNext(string pathOrUser, TimeSpan delay, int count = 1) => Faults.DelayNext(pathOrUser, delay, count);

    /// <inheritdoc cref="FakeGitHubFaults.HoldNext"/>
    public Action HoldNext(string pathOrUser) => Faults.HoldNext(pathOrUser);

    /// <inheritdoc cref="FakeGitHubFaults.RespondRetryAfter"/>
    public void RespondRetryAfter(string pathOrUser, TimeSpan retryAfter, int count = 1, int statusCode = 403) =>
        Faults.RespondRetryAfter(pathOrUser, retryAfter, count, statusCode);

    /// <inheritdoc cref="FakeGitHubRateLimits.SetRemaining"/>
    public void SetRateLimitRemaining(int remaining, string? token = null, int exhaustedStatus = 403, DateTimeOffset? resetAt = null) =>
        RateLimits.SetRemaining(remaining, token, exhaustedStatus, resetAt);

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM): for the standalone demo server.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class FakeGitHubServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; }

    /// <summary>When set, a request with any other token is refused with 401 Bad credentials (anonymous ones still pass).</summary>
    public string? RequiredToken { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Log to the console (the standalone server); tests keep it quiet.</summary>
    public bool ConsoleLogging { get; init; }

    /// <summary>
    /// Added to EVERY request before it is handled, as a network round trip to api.github.com would (benchmarks).
    /// Zero (the default) adds nothing; <see cref="FakeGitHubFaults.DelayNext"/> stays the tool for one-off delays.
    /// </summary>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// Answer an unknown user's gist list with 200 <c>[]</c> instead of 404. docs/DESIGN.md ("External APIs") records that GitHub's list does
    /// not 404 (only <c>GET /users/{u}</c> does); the sync must detect a vanished user either way.
    /// </summary>
    public bool EmptyGistListForUnknownUsers { get; init; }
}
