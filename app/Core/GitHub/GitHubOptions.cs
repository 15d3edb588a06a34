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

    /// <summary>True when a non-blank token is configured.</summary>
    internal bool HasToken => !string.IsNullOrWhiteSpace(Token);
}
