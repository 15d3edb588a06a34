using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using GistCloud.Fakes.GitHub;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.GitHub;

/// <summary>
/// A fake GitHub on 127.0.0.1 and a reader wired exactly as the hosts wire it (AddGitHubReader over
/// in-memory configuration), with a 10 ms backoff so fault tests stay fast. One per test. The attempt timeout
/// is generous (a cold first answer on a busy 2-core machine can take a second) except where a test is about it.
/// </summary>
internal sealed class GitHubReaderHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GitHubReaderHarness(FakeGitHubServer github, ServiceProvider services)
    {
        GitHub = github;
        _services = services;
        Reader = services.GetRequiredService<IGitHubReader>();
    }

    public FakeGitHubServer GitHub { get; }

    public IGitHubReader Reader { get; }

    public static async Task<GitHubReaderHarness> StartAsync(
        string? token = null,
        int maxRetries = 3,
        TimeSpan? maxRetryDelay = null,
        string? requiredToken = null,
        TimeSpan? attemptTimeout = null,
        TestClock? clock = null)
    {
        // With a fake clock, the reader's timeouts and retry waits and the fake's delays all wait for the test to move it.
        var time = (TimeProvider?)clock ?? TimeProvider.System;
        var github = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { RequiredToken = requiredToken, TimeProvider = time });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GitHub:BaseUrl"] = github.BaseUrl.ToString(),
                ["GitHub:Token"] = token,
                ["GitHub:AttemptTimeout"] = (attemptTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
                ["GitHub:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["GitHub:RetryBaseDelay"] = "00:00:00.010",
                ["GitHub:MaxRetryDelay"] = (maxRetryDelay ?? TimeSpan.FromSeconds(3)).ToString(),
                ["GitHub:TotalTimeout"] = "00:00:30",
            })
            .Build();
        var services = new ServiceCollection().AddSingleton(time).AddLogging().AddGitHubReader(configuration).BuildServiceProvider(validateScopes: true);
        return new GitHubReaderHarness(github, services);
    }

    public static GitHubUsername User(string login) => GitHubUsername.Parse(login);

    /// <summary>Adds <paramref name="count"/> gists, one a minute apart from <paramref name="start"/>; returns their ids.</summary>
    public IReadOnlyList<string> AddGists(string login, int count, DateTimeOffset start) =>
        Enumerable.Range(0, count)
            .Select(i => GitHub.AddGist(login, description: $"gist {i}", createdAt: start.AddMinutes(i)).Id)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
