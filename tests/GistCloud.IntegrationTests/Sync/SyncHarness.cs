using GistCloud.Core;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Sync;
using GistCloud.Fakes.GitHub;
using GistCloud.Fakes.Pipedrive;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>
/// The real core (sync engine, stores, GitHub reader, Pipedrive publisher) on its own DynamoDB Local tables and
/// its own fake GitHub and fake Pipedrive, so each test counts exactly its own calls.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    public const string GitHubToken = "ghp_SyncHarnessToken0123456789abcdef";
    public const string PipedriveToken = "pd-sync-harness-token-0123456789";

    private readonly ServiceProvider _services;

    private SyncHarness(ServiceProvider services, FakeGitHubServer gitHub, FakePipedriveServer pipedrive, string tablePrefix, TestClock? clock)
    {
        _services = services;
        Clock = clock;
        GitHub = gitHub;
        Pipedrive = pipedrive;
        TablePrefix = tablePrefix;
    }

    public FakeGitHubServer GitHub { get; }

    /// <summary>The fake clock the core and both fakes share, when the test passed one.</summary>
    public TestClock? Clock { get; }

    public FakePipedriveServer Pipedrive { get; }

    public string TablePrefix { get; }

    public IServiceProvider Services => _services;

    public UserStore Users => _services.GetRequiredService<UserStore>();

    public GistStore Gists => _services.GetRequiredService<GistStore>();

    public SyncRunStore Runs => _services.GetRequiredService<SyncRunStore>();

    /// <param name="settings">Overrides, e.g. <c>["Pipedrive:ApiToken"] = ""</c> to run without Pipedrive.</param>
    /// <param name="clock">
    /// A fake clock for the core (lease, deadlines, HTTP timeouts and retry waits, pacing) and both fakes (their
    /// delays and limits): time then moves only when the test moves it. Without one, everything runs on real time.
    /// </param>
    /// <param name="enterprisePaths">The fake GitHub lays its API out as GitHub Enterprise Server does (<c>/api/v3/</c>, <c>/api/graphql</c>).</param>
    /// <param name="logging">Adds to the logging (e.g. a provider that captures lines); the minimum level stays Warning unless it changes it.</param>
    /// <param name="services">Registrations made before the core's, which then keeps them (e.g. where metrics are written).</param>
    public static async Task<SyncHarness> StartAsync(
        Dictionary<string, string?>? settings = null,
        TestClock? clock = null,
        bool enterprisePaths = false,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? services = null)
    {
        var dynamoDb = await DynamoDbLocal.GetAsync();
        var time = (TimeProvider?)clock ?? TimeProvider.System;
        var gitHub = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { TimeProvider = time, EnterprisePaths = enterprisePaths });
        var pipedrive = await FakePipedriveServer.StartAsync(PipedriveToken, new FakePipedriveServerOptions { TimeProvider = time });
        var prefix = DynamoDbLocal.NewTablePrefix();
        var values = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDb.ServiceUrl,
            ["Storage:TablePrefix"] = prefix,
            ["GitHub:BaseUrl"] = gitHub.BaseUrl.ToString(),
            ["GitHub:Token"] = GitHubToken,
            ["GitHub:AttemptTimeout"] = "00:00:02",
            ["GitHub:MaxRetries"] = "1",
            ["GitHub:RetryBaseDelay"] = "00:00:00.010",
            ["GitHub:MaxRetryDelay"] = "00:00:02",

            // These tests are about the REST listing (ETags, since, faults per user); ChangeProbeTests turn the GraphQL probe on.
            ["GitHub:ProbeBatchSize"] = "0",
            ["Pipedrive:ApiToken"] = PipedriveToken,
            ["Pipedrive:BaseUrl"] = pipedrive.BaseUrl.ToString(),
            ["Pipedrive:MaxRetries"] = "2",
            ["Pipedrive:RetryBaseDelay"] = "00:00:00.010",
            ["Pipedrive:MaxRetryDelay"] = "00:00:03",
            ["Pipedrive:MaxAttempts"] = "3",
            ["Sync:Concurrency"] = "4",
            ["Sync:LeaseDuration"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection()
            .AddSingleton(time) // before the core, whose registrations only add the system clock when none is there
            .AddLogging(builder =>
            {
                builder.SetMinimumLevel(LogLevel.Warning);
                logging?.Invoke(builder);
            });
        services?.Invoke(collection);
        var provider = collection
            .AddGistCloudCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.EnsureGistCloudTablesAsync(CancellationToken.None);
        return new SyncHarness(provider, gitHub, pipedrive, prefix, clock);
    }

    /// <summary>A new engine, as each host resolves one per run.</summary>
    public SyncEngine Engine() => _services.GetRequiredService<SyncEngine>();

    public Task<SyncRun> RunAsync(CancellationToken cancellationToken = default) =>
        Engine().RunAsync(SyncTrigger.Manual, cancellationToken);

    /// <summary>A user tracked in the store only (as if added long ago): the sync does the whole first listing.</summary>
    public async Task<GitHubUsername> TrackAsync(string login, int gists = 0)
    {
        GitHub.AddUser(login);
        for (var i = 0; i < gists; i++)
        {
            GitHub.AddGist(login, description: $"{login} gist {i}", createdAt: DateTimeOffset.UtcNow.AddHours(-gists + i));
        }

        var username = GitHubUsername.Parse(login);
        Assert.True(await Users.TryAddAsync(
            new TrackedUser(username, null, null, null, DateTimeOffset.UtcNow, null, 0, UserStatus.Ok, null), default));
        return username;
    }

    public async Task<List<Gist>> StoredGistsAsync(GitHubUsername username)
    {
        var all = new List<Gist>();
        string? cursor = null;
        do
        {
            var page = await Gists.ListAsync(username, new PageRequest(100, cursor), default);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await GitHub.DisposeAsync();
        await Pipedrive.DisposeAsync();
    }
}
