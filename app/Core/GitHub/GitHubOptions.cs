using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.GitHub;

/// <summary>Configuration section <c>GitHub</c>.</summary>
public sealed class GitHubOptions
{
    public const string SectionName = "GitHub";

    /// <summary>GitHub API root: github.com, an Enterprise server's API root, or a fake in tests. Used as given (no <c>/api/v3/</c> added).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>Optional token: 5,000 instead of 60 requests an hour, and 304s that do not count.</summary>
    public string? Token { get; set; }

    /// <summary>Per-attempt timeout of a GitHub request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a 5xx or timed-out request is retried (with jittered backoff).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest <c>Retry-After</c> or backoff the reader waits; longer waits are reported as rate limited instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff before the first retry; it doubles (with jitter) for each later one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Budget of one request to GitHub, its retries and waits included. Below Octokit's own
    /// 100-second request timeout, so this one is the timeout that fires.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:30")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests a minute this process sends GitHub at most (they queue beyond it); 0 = no pacing.</summary>
    [Range(0, 100_000)]
    public int MaxRequestsPerMinute { get; set; } = 900;

    /// <summary>True when a non-blank token is configured.</summary>
    internal bool HasToken => !string.IsNullOrWhiteSpace(Token);
}
