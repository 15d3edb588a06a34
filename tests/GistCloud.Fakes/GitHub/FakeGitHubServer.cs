using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// A stateful model of the parts of GitHub's REST API that GistCloud uses, served by Kestrel on 127.0.0.1.
/// Hand-written rather than WireMock-style stubs because the behaviour is stateful: <c>since</c> filters the
/// current gists, ETags change with content, and the rate limit is accounted per token (304s free only when
/// authenticated). Tests start one per test (port 0); the offline demo runs it as its own process (Program.cs).
/// GitHub's GraphQL API (<c>POST /graphql</c>, see <see cref="FakeGitHubGraphQLEndpoint"/>) answers over the same data.
/// </summary>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long[] _latencyTicks = [0];

    /// <summary>Added to every request from now on (starts as <see cref="FakeGitHubServerOptions.Latency"/>).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks[0]));
        set => Volatile.Write(ref _latencyTicks[0], value.Ticks);
    }

    private const string EnterpriseRestPrefix = "/api/v3";
    private const string EnterpriseGraphQLPath = "/api/graphql";

    private FakeGitHubServer(WebApplication app, Uri baseUrl, Uri graphQLUrl, FakeGitHubData data, FakeGitHubFaults faults, FakeGitHubRateLimits rateLimits, FakeGitHubRequestLog log)
    {
        _app = app;
        BaseUrl = baseUrl;
        GraphQLUrl = graphQLUrl;
        Data = data;
        Faults = faults;
        RateLimits = rateLimits;
        Log = log;
    }

    /// <summary>The API root to configure as <c>GitHub:BaseUrl</c>; ends with '/' (<c>.../api/v3/</c> with <see cref="FakeGitHubServerOptions.EnterprisePaths"/>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Where GraphQL is served: <c>http://127.0.0.1:PORT/graphql</c>, or <c>/api/graphql</c> with <see cref="FakeGitHubServerOptions.EnterprisePaths"/>.</summary>
    public Uri GraphQLUrl { get; }

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

    /// <inheritdoc cref="FakeGitHubRequestLog.GraphQLCalls"/>
    public IReadOnlyList<FakeGraphQLCall> GraphQLCalls => Log.GraphQLCalls;

    public int GraphQLCallCount => Log.GraphQLCallCount;

    /// <inheritdoc cref="FakeGitHubRequestLog.GraphQLPointsCharged"/>
    public int GraphQLPointsCharged => Log.GraphQLPointsCharged;

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
        var graphQLPath = options.EnterprisePaths ? EnterpriseGraphQLPath : FakeGitHubFaults.GraphQLPath;
        var latencyTicks = new[] { options.Latency.Ticks }; // shared with the server, whose Latency a benchmark changes between runs
        var gate = new FakeGitHubGate(faults, rateLimits, log, time, options.RequiredToken, () => TimeSpan.FromTicks(Volatile.Read(ref latencyTicks[0])), graphQLPath);
        builder.Services.AddSingleton(_ => new FakeGitHubGraphQLEndpoint(data, faults, rateLimits, log)); // disposed with the app

        var app = builder.Build();
        var graphQL = app.Services.GetRequiredService<FakeGitHubGraphQLEndpoint>();
        if (options.EnterprisePaths)
        {
            // GitHub Enterprise Server serves REST under /api/v3; the prefix moves to PathBase, so paths (faults,
            // the log) read as on api.github.com and Link headers and API URLs keep it.
            app.UsePathBase(EnterpriseRestPrefix);
        }

        // Avatars come before the gate: like GitHub's CDN they need no token and count against no limit (a browser
        // asks for them, never GistCloud, and the request log stays GistCloud's calls).
        app.Use((context, next) => FakeGitHubEndpoints.TryServeAvatar(context) ?? next(context));
        app.Use((context, next) => gate.InvokeAsync(context, () => next(context)));
        if (options.EnterprisePaths)
        {
            app.Use((context, next) =>
                context.Request.PathBase.HasValue || context.Request.Path.Equals(graphQLPath, StringComparison.OrdinalIgnoreCase)
                    ? next(context)
                    : FakeGitHubAnswer.NotFound().ExecuteAsync(context));
        }

        app.UseRouting(); // after UsePathBase, so routes match the path without the prefix
        app.MapPost(graphQLPath, graphQL.HandleAsync);
        FakeGitHubEndpoints.Map(app, data, options.EmptyGistListForUnknownUsers);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var restRoot = options.EnterprisePaths ? address + EnterpriseRestPrefix : address;
        return new FakeGitHubServer(app, new Uri(restRoot + "/"), new Uri(address + graphQLPath), data, faults, rateLimits, log) { _latencyTicks = latencyTicks };
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

    /// <inheritdoc cref="FakeGitHubRateLimits.SetGraphQLRemaining"/>
    public void SetGraphQLRemaining(int remaining, string? token = null, DateTimeOffset? resetAt = null) =>
        RateLimits.SetGraphQLRemaining(remaining, token, resetAt);

    /// <inheritdoc cref="FakeGitHubFaults.FailGraphQLUser"/>
    public void FailGraphQLUser(string login, int count = 1) => Faults.FailGraphQLUser(login, count);

    /// <inheritdoc cref="FakeGitHubFaults.FailNextGraphQL"/>
    public void FailNextGraphQL(int count = 1) => Faults.FailNextGraphQL(count);

    /// <inheritdoc cref="FakeGitHubFaults.RefuseGraphQL"/>
    public void RefuseGraphQL(int statusCode = 403) => Faults.RefuseGraphQL(statusCode);

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

    /// <summary>
    /// GitHub Enterprise Server's layout: REST under <c>/api/v3/</c> (<see cref="FakeGitHubServer.BaseUrl"/> ends with it) and
    /// GraphQL at <c>/api/graphql</c>. Off: api.github.com's layout, REST at <c>/</c> and GraphQL at <c>/graphql</c>.
    /// </summary>
    public bool EnterprisePaths { get; init; }
}
