using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GistCloud.Core;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Sync;
using GistCloud.Fakes.GitHub;
using GistCloud.Fakes.Pipedrive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GistCloud.Benchmarks;

/// <summary>
/// The real core (sync engine, stores, GitHub reader, Pipedrive publisher) on a fresh table prefix in DynamoDB Local,
/// against a fresh fake GitHub and fake Pipedrive, wired as the integration tests' SyncHarness does. Production
/// defaults everywhere except <c>Sync:Concurrency</c>, so the timings are those of a real deployment's settings.
/// </summary>
internal sealed class SyncBench : IAsyncDisposable
{
    private const string GitHubToken = "ghp_SyncBenchToken0123456789abcdef0123";
    private const string PipedriveToken = "pd-sync-bench-token-0123456789";

    /// <summary>High enough never to answer 429: the benchmark measures the engine; the output estimates the real cap.</summary>
    private const int RaisedBurstLimit = 1_000_000;

    private readonly ServiceProvider _services;
    private readonly DynamoDbMeter _meter;
    private readonly CpuClock _cpu;

    private SyncBench(ServiceProvider services, DynamoDbMeter meter, CpuClock cpu, FakeGitHubServer gitHub, FakePipedriveServer pipedrive, int defaultBurstLimit)
    {
        _services = services;
        _meter = meter;
        _cpu = cpu;
        GitHub = gitHub;
        Pipedrive = pipedrive;
        DefaultBurstLimit = defaultBurstLimit;
    }

    public FakeGitHubServer GitHub { get; }

    public FakePipedriveServer Pipedrive { get; }

    /// <summary>The fake Pipedrive's burst limit before the benchmark raised it (requests per 2-second window).</summary>
    public int DefaultBurstLimit { get; }

    /// <param name="settings">Overrides of the core's settings, e.g. <c>GitHub:ProbeBatchSize</c>.</param>
    public static async Task<SyncBench> StartAsync(
        string dynamoDbUrl, TimeSpan latency, int concurrency, CpuClock cpu, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var gitHub = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { RequiredToken = GitHubToken, Latency = latency }, cancellationToken);
        var pipedrive = await FakePipedriveServer.StartAsync(PipedriveToken, cancellationToken: cancellationToken);
        var defaultBurstLimit = pipedrive.Pipedrive.BurstLimit.Limit;
        pipedrive.Pipedrive.BurstLimit.Limit = RaisedBurstLimit;
        if (latency > TimeSpan.Zero)
        {
            pipedrive.Delay(latency, count: null);
        }

        var values = new Dictionary<string, string?>
        {
            [StorageServiceCollectionExtensions.EndpointKey] = dynamoDbUrl,
            ["Storage:TablePrefix"] = $"bench{Guid.NewGuid():N}"[..17] + "-",
            ["GitHub:BaseUrl"] = gitHub.BaseUrl.ToString(),
            ["GitHub:Token"] = GitHubToken,
            // Measure the engine, not the pacing that keeps real runs under GitHub's secondary limits (900/min).
            ["GitHub:MaxRequestsPerMinute"] = "0",
            ["Pipedrive:ApiToken"] = PipedriveToken,
            ["Pipedrive:BaseUrl"] = pipedrive.BaseUrl.ToString(),
            ["Sync:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var meter = new DynamoDbMeter();
        var provider = Build(values, meter, dynamoDbUrl);
        await provider.EnsureGistCloudTablesAsync(cancellationToken);
        return new SyncBench(provider, meter, cpu, gitHub, pipedrive, defaultBurstLimit) { _settings = values, _dynamoDbUrl = dynamoDbUrl };
    }

    /// <summary>The GraphQL change probe off: scenarios 1 and 2 measure the REST path.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RestOnlySettings = new Dictionary<string, string?> { ["GitHub:ProbeBatchSize"] = "0" };

    private ServiceProvider? _restOnly;

    /// <summary>The core's settings as this bench configured them (section:key form).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;
    private Dictionary<string, string?> _settings = [];
    private string _dynamoDbUrl = "";

    private static ServiceProvider Build(Dictionary<string, string?> values, DynamoDbMeter meter, string dynamoDbUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        AddMeteredDynamoDb(services, meter, dynamoDbUrl);
        return services
            .AddGistCloudCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The same tables, fakes and settings with the GraphQL probe off (<c>GitHub:ProbeBatchSize</c> 0): the REST-only engine.</summary>
    private ServiceProvider RestOnly() =>
        _restOnly ??= Build(new Dictionary<string, string?>(_settings) { ["GitHub:ProbeBatchSize"] = "0" }, _meter, _dynamoDbUrl);

    /// <summary>
    /// Tracks <paramref name="users"/> users straight in the store (as if added long ago) and gives each
    /// <paramref name="gistsPerUser"/> gists on the fake GitHub: the first sync lists, stores and publishes them all.
    /// </summary>
    public async Task SeedAsync(int users, int gistsPerUser, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var logins = Enumerable.Range(1, users).Select(i => $"bench-user-{i:D6}").ToList();
        foreach (var login in logins)
        {
            GitHub.AddUser(login);
            for (var g = 0; g < gistsPerUser; g++)
            {
                GitHub.AddGist(login, description: $"{login} gist {g}", files: [new FakeGistFile($"snippet{g}.cs", 1_024)], createdAt: now.AddMinutes(-gistsPerUser + g));
            }
        }

        var store = _services.GetRequiredService<UserStore>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(logins, parallel, async (login, token) =>
        {
            var user = new TrackedUser(GitHubUsername.Parse(login), null, null, null, now, null, 0, UserStatus.Ok, null);
            if (!await store.TryAddAsync(user, token))
            {
                throw new InvalidOperationException($"{login} was already tracked on a fresh table prefix.");
            }
        });
    }

    /// <summary>
    /// Seeds <paramref name="users"/> users with one gist each as if a sync had already brought them in line: each
    /// user's probe signature comes from the real change probe (the fake's latency should be zero), and the items are
    /// batch-written (25 a call), because a first sync of 100,000 users costs DynamoDB Local a quarter of an hour. Their
    /// gists are not stored: an unchanged run never lists them.
    /// </summary>
    public async Task SeedSyncedAsync(int users, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var logins = Enumerable.Range(1, users).Select(i => $"bench-user-{i:D6}").ToList();
        foreach (var login in logins)
        {
            GitHub.AddUser(login);
            GitHub.AddGist(login, description: $"{login} gist", files: [new FakeGistFile("snippet.cs", 1_024)], createdAt: now.AddMinutes(-5));
        }

        var probe = _services.GetRequiredService<IGistChangeProbe>();
        var signatures = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(logins.Chunk(new GitHubOptions().ProbeBatchSize), parallel, async (chunk, token) =>
        {
            var answered = await probe.ProbeAsync([.. chunk.Select(GitHubUsername.Parse)], token);
            foreach (var (user, answer) in answered.Value?.Answers ?? throw new InvalidOperationException($"Seeding probe failed: {answered.Failure?.Message}"))
            {
                signatures[user.Value] = answer.Signature ?? throw new InvalidOperationException($"No signature for {user}.");
            }
        });

        var table = GistCloudTables.Users.Definition.TableName(_settings["Storage:TablePrefix"]!);
        var dynamoDb = _services.GetRequiredService<IAmazonDynamoDB>();
        await Parallel.ForEachAsync(logins.Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            var requests = chunk.Select(login =>
            {
                var item = UserItem.ToNewItem(new TrackedUser(GitHubUsername.Parse(login), null, null, null, now.AddDays(-1), now, 0, UserStatus.Ok, null));
                item[GistCloudTables.Users.ProbeSignature] = new AttributeValue { S = signatures[login] };
                return new WriteRequest { PutRequest = new PutRequest { Item = item } };
            }).ToList();
            var pending = new Dictionary<string, List<WriteRequest>> { [table] = requests };
            while (pending.Count > 0 && pending.Values.Sum(r => r.Count) > 0)
            {
                var response = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, token);
                pending = response.UnprocessedItems ?? [];
            }
        });
    }

    /// <summary>One whole sync run, timed, with what each peer received during it.</summary>
    /// <param name="restOnly">Run the REST-only engine (the probe off) on the same tables.</param>
    public async Task<RunFigures> RunAsync(CancellationToken cancellationToken, bool restOnly = false)
    {
        PeakMemory.Reset();
        GitHub.Log.Clear();
        Pipedrive.Log.Clear();
        _meter.Take();
        var gitHubReceivedBefore = GitHub.ReceivedRequests;
        var cpuBefore = _cpu.Read();
        var engine = (restOnly ? RestOnly() : _services).GetRequiredService<SyncEngine>(); // a new engine per run, as each host resolves one
        var clock = Stopwatch.StartNew();
        var run = await engine.RunAsync(SyncTrigger.Manual, cancellationToken);
        clock.Stop();
        var cpuAfter = _cpu.Read();

        var pipedriveRequests = Pipedrive.Requests;
        return new RunFigures(
            clock.Elapsed,
            run,
            GitHub.ReceivedRequests - gitHubReceivedBefore,
            GitHub.NotModifiedCount,
            GitHub.CountedAgainstRateLimit,
            pipedriveRequests.Count,
            pipedriveRequests.Count(r => r.Is("GET", "/api/v2/persons/search")),
            pipedriveRequests.CountBy(r => $"{r.Method} {r.Path}").OrderByDescending(p => p.Value).ToList(),
            _meter.Take(),
            cpuAfter.Bench - cpuBefore.Bench,
            cpuAfter.DynamoDbLocal - cpuBefore.DynamoDbLocal)
        {
            GraphQLCalls = GitHub.GraphQLCallCount,
            PeakRssBytes = PeakMemory.PeakRssBytes(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_restOnly is not null)
        {
            await _restOnly.DisposeAsync();
        }

        await _services.DisposeAsync();
        await GitHub.DisposeAsync();
        await Pipedrive.DisposeAsync();
    }

    /// <summary>
    /// The client <c>AddGistCloudStorage</c> would make for an endpoint override (dummy credentials, us-east-1), but
    /// over an IHttpClientFactory client whose handlers time each call. Registered first: the core only TryAdds its own.
    /// </summary>
    private static void AddMeteredDynamoDb(IServiceCollection services, DynamoDbMeter meter, string dynamoDbUrl)
    {
        services.AddSingleton(meter);
        services.AddTransient<DynamoDbMeteringHandler>();
        services.AddHttpClient(DynamoDbMeter.HttpClientName).AddHttpMessageHandler<DynamoDbMeteringHandler>();
        services.AddSingleton<IAmazonDynamoDB>(provider => new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig
            {
                ServiceURL = dynamoDbUrl,
                AuthenticationRegion = "us-east-1",
                HttpClientFactory = new MeteredDynamoDbHttpClientFactory(provider.GetRequiredService<IHttpClientFactory>()),
            }));
    }
}

/// <summary>One run as the benchmark saw it.</summary>
/// <param name="GitHubReceived">Requests the fake GitHub received (retries included).</param>
/// <param name="GitHubCounted">Of those, answers that cost a unit of the token's primary rate limit.</param>
/// <param name="PipedriveSearches">Of the Pipedrive requests, person searches (Pipedrive's Search API has its own, lower limit).</param>
/// <param name="PipedriveByEndpoint">Pipedrive requests per method and path, most first.</param>
/// <param name="DynamoDbLocalCpu">CPU time DynamoDB Local's JVM used; null when its pid is unknown.</param>
internal sealed record RunFigures(
    TimeSpan Wall,
    SyncRun Run,
    int GitHubReceived,
    int GitHubNotModified,
    int GitHubCounted,
    int PipedriveRequests,
    int PipedriveSearches,
    IReadOnlyList<KeyValuePair<string, int>> PipedriveByEndpoint,
    DynamoDbUsage DynamoDb,
    TimeSpan BenchCpu,
    TimeSpan? DynamoDbLocalCpu)
{
    /// <summary>Of <see cref="GitHubReceived"/>, GraphQL calls (the change probe).</summary>
    public int GraphQLCalls { get; init; }

    /// <summary>This process's peak resident set during the run (engine and in-process fakes), or null where Linux's /proc is absent.</summary>
    public long? PeakRssBytes { get; init; }
}
