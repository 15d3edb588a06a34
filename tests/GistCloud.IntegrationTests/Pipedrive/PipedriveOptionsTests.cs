using GistCloud.Core.Pipedrive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GistCloud.IntegrationTests.Pipedrive;

public sealed class PipedriveOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("yourcompany.pipedrive.com")]
    [InlineData("ftp://yourcompany.pipedrive.com")]
    public void A_token_without_an_absolute_http_base_url_fails_validation_at_start_naming_the_key(string? baseUrl)
    {
        using var services = Services(new() { ["Pipedrive:ApiToken"] = "secret-token-1", ["Pipedrive:BaseUrl"] = baseUrl });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Pipedrive:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pipedrive__BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_retry_settings_fail_validation_naming_the_setting()
    {
        using var services = Services(new()
        {
            ["Pipedrive:ApiToken"] = "t",
            ["Pipedrive:BaseUrl"] = "https://yourcompany.pipedrive.com",
            ["Pipedrive:MaxRetries"] = "50",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Pipedrive:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_token_nothing_else_is_required_and_publishing_is_disabled()
    {
        using var services = Services(new());

        services.GetRequiredService<IStartupValidator>().Validate();

        var publisher = services.GetRequiredService<GistPublisher>();
        Assert.False(publisher.IsEnabled);
        Assert.Equal(PipedriveMode.Activity, publisher.Mode);
        Assert.Equal(5, services.GetRequiredService<IOptions<PipedriveOptions>>().Value.MaxAttempts);
    }

    [Fact]
    public void A_base_url_gets_a_trailing_slash_so_api_paths_resolve_under_it()
    {
        using var services = Services(new() { ["Pipedrive:ApiToken"] = "t", ["Pipedrive:BaseUrl"] = "http://127.0.0.1:5082/pipedrive", ["Pipedrive:Mode"] = "deal" });

        var options = services.GetRequiredService<IOptions<PipedriveOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:5082/pipedrive/"), options.BaseUrl);
        Assert.Equal(PipedriveMode.Deal, options.Mode);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddPipedrivePublisher(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
