using System.Globalization;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Pipedrive;
using GistCloud.Fakes.Pipedrive;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Pipedrive;

/// <summary>
/// A fake Pipedrive on 127.0.0.1 and the publisher wired exactly as the hosts wire it (AddPipedrivePublisher over
/// in-memory configuration), with short timeouts and backoff so fault tests stay fast. One per test.
/// </summary>
internal sealed class PipedriveHarness : IAsyncDisposable
{
    public const string Token = "pd-test-token-7f3a";

    private readonly ServiceProvider _services;

    private PipedriveHarness(FakePipedriveServer pipedrive, ServiceProvider services)
    {
        Pipedrive = pipedrive;
        _services = services;
        Client = services.GetRequiredService<PipedriveClient>();
        Publisher = services.GetRequiredService<GistPublisher>();
    }

    public FakePipedriveServer Pipedrive { get; }

    public PipedriveClient Client { get; }

    public GistPublisher Publisher { get; }

    /// <summary>Another publisher from the same container (a new typed client): what a later sync run would get.</summary>
    public GistPublisher NewPublisher() => _services.GetRequiredService<GistPublisher>();

    public static async Task<PipedriveHarness> StartAsync(
        string mode = "activity",
        string token = Token,
        string? activityType = null,
        int maxRetries = 2,
        TimeSpan? maxRetryDelay = null,
        TimeSpan? attemptTimeout = null,
        TestClock? clock = null)
    {
        // With a fake clock, the client's timeouts and retry waits and the fake's delays and burst window all wait for the test to move it.
        var time = (TimeProvider?)clock ?? TimeProvider.System;
        var pipedrive = await FakePipedriveServer.StartAsync(Token, new FakePipedriveServerOptions { TimeProvider = time });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pipedrive:ApiToken"] = token,
                ["Pipedrive:BaseUrl"] = pipedrive.BaseUrl.ToString().TrimEnd('/'), // as people type it: the options add the '/'
                ["Pipedrive:Mode"] = mode,
                ["Pipedrive:ActivityType"] = activityType,
                ["Pipedrive:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
                ["Pipedrive:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
                ["Pipedrive:RetryBaseDelay"] = "00:00:00.010",
                ["Pipedrive:MaxRetryDelay"] = (maxRetryDelay ?? TimeSpan.FromSeconds(3)).ToString(),
                ["Pipedrive:TotalTimeout"] = "00:00:15",
            })
            .Build();
        var services = new ServiceCollection().AddSingleton(time).AddLogging().AddPipedrivePublisher(configuration).BuildServiceProvider(validateScopes: true);
        return new PipedriveHarness(pipedrive, services);
    }

    public static GitHubUsername User(string login) => GitHubUsername.Parse(login);

    public static Gist Gist(string id = "aa5a315d61ae9438b18d", string? description = "Handy shell helpers", string owner = "octocat", params GistFile[] files)
    {
        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        return new Gist(
            id,
            User(owner),
            description,
            $"https://gist.github.com/{owner}/{id}",
            at,
            at,
            at.AddMinutes(5),
            files.Length == 0 ? [new GistFile("helpers.sh", "Shell", $"https://gist.githubusercontent.com/{owner}/{id}/raw/helpers.sh", 120)] : files,
            new PipedriveState(PublishStatus.Pending));
    }

    /// <summary>A person the fake already holds, as <see cref="GistPublisher.EnsurePersonAsync"/> names them.</summary>
    public long SeedPerson(string login = "octocat") => Pipedrive.Data.AddPerson(GistPublisher.PersonName(User(login))).Id;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Pipedrive.DisposeAsync();
    }
}
