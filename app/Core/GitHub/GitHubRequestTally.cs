using System.Net;

namespace GistCloud.Core.GitHub;

/// <summary>
/// What one reader call cost: HTTP attempts (retries included, since GitHub counts them too), 304s,
/// and the rate limit from the last real answer. It travels on each request message's options, so the
/// <see cref="GitHubAttemptObserver"/> under the retry pipeline can find it without shared state.
/// </summary>
internal sealed class GitHubRequestTally
{
    public static readonly HttpRequestOptionsKey<GitHubRequestTally> OptionsKey = new("GistCloud.GitHubRequestTally");

    private int _made;
    private int _notModified;
    private GitHubRateLimit? _rateLimit;

    public GitHubRequestCount Count => new(Volatile.Read(ref _made), Volatile.Read(ref _notModified));

    public GitHubRateLimit? RateLimit => Volatile.Read(ref _rateLimit);

    public void CountAttempt() => Interlocked.Increment(ref _made);

    public void Observe(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            Interlocked.Increment(ref _notModified);
        }

        if (GitHubRateLimitHeaders.From(response).RateLimit is { } rateLimit)
        {
            Volatile.Write(ref _rateLimit, rateLimit);
        }
    }
}

/// <summary>Sits under the retry strategy of the "github" HttpClient: sees every attempt, counts it on the call's tally.</summary>
internal sealed class GitHubAttemptObserver : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(GitHubRequestTally.OptionsKey, out var tally);
        tally?.CountAttempt();
        var response = await base.SendAsync(request, cancellationToken);
        tally?.Observe(response);
        return response;
    }
}
