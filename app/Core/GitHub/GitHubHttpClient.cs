using Octokit.Internal;

namespace GistCloud.Core.GitHub;

/// <summary>
/// Octokit's HTTP adapter over the "github" named handler (resilience pipeline included), made per reader call.
/// Octokit's API has no way to send our own <c>If-None-Match</c>, so this adds it where Octokit turns its
/// request into an <see cref="HttpRequestMessage"/>; everything else (auth, JSON, errors, Link parsing)
/// stays Octokit's. It also tags each message with the call's <see cref="GitHubRequestTally"/>.
/// </summary>
internal sealed class GitHubHttpClient : HttpClientAdapter
{
    private readonly GitHubRequestTally _tally;
    private string? _ifNoneMatch;

    public GitHubHttpClient(Func<HttpMessageHandler> handler, GitHubRequestTally tally)
        : base(handler)
    {
        _tally = tally;

        // HttpClient's own 100 s timeout is off: GitHubOptions.TotalTimeout (at most 90 s, under Octokit's
        // 100 s per-request timeout) is the one that fires, as a TimeoutRejectedException we can tell apart.
        SetRequestTimeout(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Makes the next request conditional on <paramref name="etag"/> (only the next one: an ETag matches one URL).</summary>
    public void SendIfNoneMatchOnce(string etag) => _ifNoneMatch = etag;

    protected override HttpRequestMessage BuildRequestMessage(IRequest request)
    {
        var message = base.BuildRequestMessage(request);
        if (Interlocked.Exchange(ref _ifNoneMatch, null) is { } etag)
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        message.Options.Set(GitHubRequestTally.OptionsKey, _tally);
        return message;
    }
}
