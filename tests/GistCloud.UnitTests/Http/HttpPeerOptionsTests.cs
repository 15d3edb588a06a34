using GistCloud.Core.GitHub;
using GistCloud.Core.Http;
using GistCloud.Core.Pipedrive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GistCloud.UnitTests.Http;

/// <summary>
/// The shared timeout and retry settings bind from each peer's own section, keep each peer's defaults and limits,
/// and fail each peer's validation naming the peer's key.
/// </summary>
public sealed class HttpPeerOptionsTests
{
    [Theory]
    [InlineData("AttemptTimeout", "00:00:07")]
    [InlineData("MaxRetries", "7")]
    [InlineData("MaxRetryDelay", "00:00:07")]
    [InlineData("RetryBaseDelay", "00:00:07")]
    [InlineData("TotalTimeout", "00:00:07")]
    public void A_shared_setting_binds_from_each_peers_own_section(string key, string value)
    {
        var gitHub = Bind<GitHubOptions>(GitHubOptions.SectionName, key, value);
        var pipedrive = Bind<PipedriveOptions>(PipedriveOptions.SectionName, key, value);

        Assert.Equal(value, Read(gitHub, key));
        Assert.Equal(value, Read(pipedrive, key));
    }

    [Fact]
    public void Each_peer_keeps_its_defaults_and_only_the_total_timeout_differs()
    {
        var gitHub = new GitHubOptions();
        var pipedrive = new PipedriveOptions();

        foreach (var options in new HttpPeerOptions[] { gitHub, pipedrive })
        {
            Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
            Assert.Equal(3, options.MaxRetries);
            Assert.Equal(TimeSpan.FromSeconds(30), options.MaxRetryDelay);
            Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        }

        Assert.Equal(TimeSpan.FromSeconds(60), gitHub.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), pipedrive.TotalTimeout);
        Assert.True(new GitHubOptionsValidator().Validate(null, gitHub).Succeeded);
        Assert.True(new PipedriveOptionsValidator().Validate(null, pipedrive).Succeeded);
    }

    [Theory]
    [InlineData("MaxRetries", "-1", false)]
    [InlineData("MaxRetries", "0", true)]
    [InlineData("MaxRetries", "10", true)]
    [InlineData("MaxRetries", "11", false)]
    [InlineData("AttemptTimeout", "00:05:00", true)]
    [InlineData("AttemptTimeout", "00:05:00.001", false)]
    [InlineData("MaxRetryDelay", "-00:00:00.001", false)]
    [InlineData("MaxRetryDelay", "00:00:00", true)]
    [InlineData("MaxRetryDelay", "00:10:00", true)]
    [InlineData("MaxRetryDelay", "00:10:00.001", false)]
    [InlineData("RetryBaseDelay", "-00:00:00.001", false)]
    [InlineData("RetryBaseDelay", "00:00:00", true)]
    [InlineData("RetryBaseDelay", "00:01:00", true)]
    [InlineData("RetryBaseDelay", "00:01:00.001", false)]
    public void A_shared_limit_holds_for_both_peers_and_a_failure_names_the_peers_key(string key, string value, bool inRange)
    {
        Assert.Equal(inRange, IsInRange<GitHubOptions>(GitHubOptions.SectionName, key, value, new GitHubOptionsValidator()));
        Assert.Equal(inRange, IsInRange<PipedriveOptions>(PipedriveOptions.SectionName, key, value, new PipedriveOptionsValidator()));
    }

    // GitHub's whole call stays under Octokit's 100 s request timeout; Pipedrive allows shorter attempts and longer calls.
    [Theory]
    [InlineData("AttemptTimeout", "00:00:00.999", false)]
    [InlineData("AttemptTimeout", "00:00:01", true)]
    [InlineData("TotalTimeout", "00:00:00.999", false)]
    [InlineData("TotalTimeout", "00:00:01", true)]
    [InlineData("TotalTimeout", "00:01:30", true)]
    [InlineData("TotalTimeout", "00:01:30.001", false)]
    public void GitHub_keeps_its_own_timeout_limits(string key, string value, bool inRange) =>
        Assert.Equal(inRange, IsInRange<GitHubOptions>(GitHubOptions.SectionName, key, value, new GitHubOptionsValidator()));

    [Theory]
    [InlineData("AttemptTimeout", "00:00:00.009", false)]
    [InlineData("AttemptTimeout", "00:00:00.010", true)]
    [InlineData("TotalTimeout", "00:00:00.009", false)]
    [InlineData("TotalTimeout", "00:00:00.010", true)]
    [InlineData("TotalTimeout", "00:10:00", true)]
    [InlineData("TotalTimeout", "00:10:00.001", false)]
    public void Pipedrive_keeps_its_own_timeout_limits(string key, string value, bool inRange) =>
        Assert.Equal(inRange, IsInRange<PipedriveOptions>(PipedriveOptions.SectionName, key, value, new PipedriveOptionsValidator()));

    [Fact]
    public void A_range_failure_says_the_key_the_limits_and_the_value()
    {
        var result = new PipedriveOptionsValidator().Validate(null, Bind<PipedriveOptions>(PipedriveOptions.SectionName, "TotalTimeout", "00:10:01"));

        Assert.True(result.Failed);
        Assert.Contains("Pipedrive:TotalTimeout must be between 00:00:00.0100000 and 00:10:00, but is 00:10:01.", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether the validator accepts the value's range; other failures (a total timeout shorter than an attempt) are
    /// not this test's concern. A range failure must name the peer's key, as the host reports it at start.
    /// </summary>
    private static bool IsInRange<TOptions>(string section, string key, string value, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        var result = validator.Validate(null, Bind<TOptions>(section, key, value));
        return !(result.Failed && result.FailureMessage.Contains($"{section}:{key} must be between", StringComparison.Ordinal));
    }

    private static TOptions Bind<TOptions>(string section, string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:{key}"] = value })
            .Build();
        return configuration.GetSection(section).Get<TOptions>()!;
    }

    private static string? Read(object options, string key) =>
        Convert.ToString(options.GetType().GetProperty(key)!.GetValue(options), System.Globalization.CultureInfo.InvariantCulture);
}
