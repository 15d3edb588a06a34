using GistCloud.Core.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GistCloud.IntegrationTests.GitHub;

/// <summary>A misconfigured GitHub section stops the host at start, naming the key.</summary>
public sealed class GitHubOptionsValidationTests
{
    [Theory]
    [InlineData("api.github.com")]
    [InlineData("/api/v3/")]
    [InlineData("ftp://github.example.com/")]
    public async Task The_host_does_not_start_with_a_BaseUrl_that_is_not_absolute_http(string baseUrl)
    {
        using var host = Build(new() { ["GitHub:BaseUrl"] = baseUrl });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("GitHub:BaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_does_not_start_when_a_retry_setting_is_out_of_range_naming_the_key()
    {
        using var host = Build(new() { ["GitHub:MaxRetries"] = "11" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("GitHub:MaxRetries", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_configuration_starts_and_gains_a_trailing_slash()
    {
        using var host = Build(new() { ["GitHub:BaseUrl"] = "https://ghe.example.com/api/v3", ["GitHub:Token"] = "x" });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value;
        Assert.Equal(new Uri("https://ghe.example.com/api/v3/"), options.BaseUrl);
        Assert.IsType<GitHubReader>(host.Services.GetRequiredService<IGitHubReader>());
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddGitHubReader(builder.Configuration);
        return builder.Build();
    }
}
