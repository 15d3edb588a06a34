using System.Globalization;
using System.Net;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace GistCloud.Core.GitHub;

/// <summary>
/// <see cref="IGitHubReader"/> on Octokit. Each call builds a <see cref="Connection"/> over a fresh handler from
/// <see cref="IHttpMessageHandlerFactory"/> (so handler rotation works and the resilience pipeline sits under
/// Octokit), with the base URL used exactly as configured (no <c>/api/v3/</c> rewrite).
/// </summary>
public sealed partial class GitHubReader : IGitHubReader
{
    /// <summary>The named HttpClient whose handler (with its resilience pipeline) carries every GitHub request.</summary>
    public const string HttpClientName = "github";

    private const string PageSize = "100";
    private static readonly ProductHeaderValue Product = new("GistCloud");

    private readonly IHttpMessageHandlerFactory _handlers;
    private readonly GitHubOptions _options;
    private readonly ICredentialStore _credentials;
    private readonly SimpleJsonSerializer _json = new();
    private readonly TimeProvider _time;
    private readonly ILogger<GitHubReader> _logger;

    public GitHubReader(
        IHttpMessageHandlerFactory handlers,
        IOptions<GitHubOptions> options,
        TimeProvider time,
        ILogger<GitHubReader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handlers = handlers;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _credentials = new InMemoryCredentialStore(
            _options.HasToken ? new Credentials(_options.Token!.Trim(), AuthenticationType.Bearer) : Credentials.Anonymous);
    }

    public async Task<GitHubResult<GitHubProfile>> FindUserAsync(GitHubUsername username, CancellationToken cancellationToken)
    {
        using var http = OpenHttpClient(new GitHubRequestTally());
        try
        {
            var response = await Connect(http)
                .Get<User>(new Uri($"users/{Uri.EscapeDataString(username.Value)}", UriKind.Relative), null, null, cancellationToken);
            return response.Body is { } user
                ? GitHubResult<GitHubProfile>.Success(GitHubGistMapper.ToGitHubProfile(user))
                : Failed<GitHubProfile>("user lookup", username, Unexpected(response.HttpResponse, username));
        }
        catch (Exception exception) when (GitHubFailures.From(exception, username.Value, _time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return Failed<GitHubProfile>("user lookup", username, failure);
        }
    }

    public async Task<GitHubResult<GistListing>> ListGistsAsync(
        GitHubUsername username,
        GistListingRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxPages, 1);

        var tally = new GitHubRequestTally();
        using var http = OpenHttpClient(tally);
        var connection = Connect(http);
        if (!string.IsNullOrEmpty(request.ETag))
        {
            http.SendIfNoneMatchOnce(request.ETag);
        }

        Uri? next = new($"users/{Uri.EscapeDataString(username.Value)}/gists", UriKind.Relative);
        var query = FirstPageQuery(request.Since);
        var gists = new List<ListedGist>();
        string? etag = null;
        try
        {
            for (var page = 1; next is not null && page <= request.MaxPages; page++)
            {
                var response = await connection.Get<List<Octokit.Gist>>(next, query, null, cancellationToken);
                var answer = response.HttpResponse;
                if (answer.StatusCode == HttpStatusCode.NotModified)
                {
                    return GitHubResult<GistListing>.Success(
                        new GistListing([], NotModified: true, IsComplete: true, answer.ApiInfo?.Etag ?? request.ETag, tally.Count, tally.RateLimit));
                }

                if (response.Body is null)
                {
                    return Failed<GistListing>("gist listing", username, Unexpected(answer, username) with { Requests = tally.Count, RateLimit = tally.RateLimit });
                }

                if (page == 1)
                {
                    etag = answer.ApiInfo?.Etag; // an ETag matches one URL: only the first page's is worth keeping
                }

                gists.AddRange(response.Body.Select(GitHubGistMapper.ToListedGist));

                // GitHub's next link repeats the whole query (since, per_page), so later pages need no parameters.
                query = null;
                next = answer.ApiInfo?.Links is { } links && links.TryGetValue("next", out var link) ? link : null;
                if (next is not null && !IsOnBaseUrl(next))
                {
                    // Octokit would send the token wherever the link points; only follow links back to GitHub.
                    return Failed<GistListing>("gist listing", username, new GitHubFailure(
                        GitHubFailureKind.Unavailable, $"GitHub's next-page link for '{username}' points outside {_options.BaseUrl.Host}.")
                        { Requests = tally.Count, RateLimit = tally.RateLimit });
                }
            }

            LogListed(username.Value, gists.Count, tally.Count.Made, next is null);
            return GitHubResult<GistListing>.Success(
                new GistListing(gists, NotModified: false, IsComplete: next is null, etag, tally.Count, tally.RateLimit));
        }
        catch (Exception exception) when (GitHubFailures.From(exception, username.Value, _time.GetUtcNow(), cancellationToken) is { } failure)
        {
            return Failed<GistListing>("gist listing", username, failure with { Requests = tally.Count, RateLimit = tally.RateLimit });
        }
    }

    /// <summary><c>since</c> in GitHub's ISO 8601 form, cut to whole seconds: that only widens the filter, never loses a gist.</summary>
    internal static Dictionary<string, string> FirstPageQuery(DateTimeOffset? since)
    {
        var query = new Dictionary<string, string> { ["per_page"] = PageSize };
        if (since is { } value)
        {
            query["since"] = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return query;
    }

    private GitHubHttpClient OpenHttpClient(GitHubRequestTally tally) =>
        new(() => _handlers.CreateHandler(HttpClientName), tally);

    private Connection Connect(GitHubHttpClient http) => new(Product, _options.BaseUrl, _credentials, http, _json);

    private bool IsOnBaseUrl(Uri link) =>
        link.IsAbsoluteUri && Uri.Compare(link, _options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static GitHubFailure Unexpected(IResponse response, GitHubUsername username) =>
        new(GitHubFailureKind.Unavailable, $"GitHub answered HTTP {(int)response.StatusCode} without the expected JSON for '{username}'.");

    private GitHubResult<T> Failed<T>(string operation, GitHubUsername username, GitHubFailure failure)
        where T : class
    {
        // A user who does not exist is an everyday answer, not a warning.
        LogFailed(failure.Kind == GitHubFailureKind.NotFound ? LogLevel.Debug : LogLevel.Warning, operation, username.Value, failure.Kind, failure.Message);
        return new GitHubResult<T>(null, failure);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {GistCount} gists of {Username} in {RequestCount} requests (complete: {IsComplete})")]
    private partial void LogListed(string username, int gistCount, int requestCount, bool isComplete);

    [LoggerMessage(Message = "GitHub {Operation} for {Username} failed: {FailureKind}: {FailureMessage}")]
    private partial void LogFailed(LogLevel level, string operation, string username, GitHubFailureKind failureKind, string failureMessage);
}
