using System.ComponentModel.DataAnnotations;
using GistCloud.Core.Http;

namespace GistCloud.Core.GitHub;

/// <summary>Configuration section <c>GitHub</c>; timeouts and retries are the shared <see cref="HttpPeerOptions"/>.</summary>
public sealed class GitHubOptions : HttpPeerOptions
{
    public const string SectionName = "GitHub";

    /// <summary>
    /// An attempt of at least a second, and a call of at most 90 s: under Octokit's own 100-second request
    /// timeout, so the call's budget is the timeout that fires.
    /// </summary>
    internal static readonly HttpPeerLimits Limits = new(
        MinAttemptTimeout: TimeSpan.FromSeconds(1),
        MinTotalTimeout: TimeSpan.FromSeconds(1),
        MaxTotalTimeout: TimeSpan.FromSeconds(90));

    public GitHubOptions()
        : base(totalTimeout: TimeSpan.FromSeconds(60))
    {
    }

    /// <summary>GitHub API root: github.com, an Enterprise server's API root, or a fake in tests. Used as given (no <c>/api/v3/</c> added).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>Optional token: 5,000 instead of 60 requests an hour, and 304s that do not count.</summary>
    public string? Token { get; set; }

    /// <summary>Requests a minute this process sends GitHub at most (they queue beyond it); 0 = no pacing.</summary>
    [Range(0, 100_000)]
    public int MaxRequestsPerMinute { get; set; } = 900;

    /// <summary>
    /// Users asked about in one GraphQL call of the change probe; 0 turns the probe off (every user listed over REST).
    /// 100 aliases of <c>gists(first: 1)</c> are 100 connections: GitHub's documented cost rule (connections / 100,
    /// rounded, at least 1) makes that 1 point and 100 nodes, far inside the 500,000-node limit and GitHub's 10-second
    /// query timeout; a failed call sends at most 100 users back to REST. Up to 149 aliases still cost 1 point.
    /// </summary>
    [Range(0, 149, ErrorMessage = "GitHub:ProbeBatchSize must be between 0 (probe off) and 149 (the most one point pays for).")]
    public int ProbeBatchSize { get; set; } = 100;

    /// <summary>
    /// GraphQL calls a minute this process sends at most: GitHub's secondary limit for GraphQL is 2,000 points a minute
    /// (a query is 1 point), counted apart from REST's 900; 0 = no pacing.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxGraphQLRequestsPerMinute { get; set; } = 2_000;

    /// <summary>True when a non-blank token is configured.</summary>
    internal bool HasToken => !string.IsNullOrWhiteSpace(Token);

    /// <summary>
    /// GitHub's GraphQL endpoint for <see cref="BaseUrl"/>: <c>https://api.github.com/</c> → <c>https://api.github.com/graphql</c>,
    /// a GitHub Enterprise Server API root <c>https://HOST/api/v3/</c> → <c>https://HOST/api/graphql</c>; any other root
    /// (a fake, a proxy) gets <c>graphql</c> appended.
    /// </summary>
    internal Uri GraphQLUrl
    {
        get
        {
            var root = BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");
            return root.AbsolutePath.EndsWith("/api/v3/", StringComparison.OrdinalIgnoreCase)
                ? new Uri(root, "../graphql")
                : new Uri(root, "graphql");
        }
    }
}
