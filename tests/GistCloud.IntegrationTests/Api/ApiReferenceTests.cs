using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GistCloud.IntegrationTests.Api;

/// <summary>/docs works offline: Scalar's script is served by the API, and the page turns off everything that calls Scalar's cloud.</summary>
public sealed partial class ApiReferenceTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task The_page_turns_off_vendor_fonts_ai_mcp_developer_toolbar_and_telemetry()
    {
        var configuration = ConfigurationOf(await PageAsync());

        Assert.False(configuration.GetProperty("withDefaultFonts").GetBoolean());
        Assert.True(configuration.GetProperty("agent").GetProperty("disabled").GetBoolean());
        Assert.True(configuration.GetProperty("mcp").GetProperty("disabled").GetBoolean());
        Assert.Equal("never", configuration.GetProperty("showDeveloperTools").GetString());
        Assert.False(configuration.GetProperty("telemetry").GetBoolean());
        Assert.DoesNotMatch(ExternalUrl(), configuration.GetRawText());
    }

    [Fact]
    public async Task Scripts_and_styles_come_from_the_api_itself()
    {
        var page = await PageAsync();
        var sources = AssetReference().Matches(page).Select(match => match.Groups["url"].Value).ToList();

        Assert.Contains("scalar.js", sources);
        Assert.DoesNotMatch(ExternalUrl(), page);
        using var client = app.CreateClient();
        foreach (var source in sources)
        {
            var response = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), source));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/docs/{source}: {(int)response.StatusCode}");
        }
    }

    private async Task<string> PageAsync()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The JSON object Scalar.AspNetCore passes to <c>initialize(path, dynamicBaseUrl, configuration, module)</c>.</summary>
    private static JsonElement ConfigurationOf(string page)
    {
        var match = InitializeCall().Match(page);
        Assert.True(match.Success, "no initialize(...) call on the page:\n" + page);
        return JsonDocument.Parse(match.Groups["json"].Value).RootElement.Clone();
    }

    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*(?:true|false),\s*(?<json>\{.*\}),\s*'[^']*'\s*\)", RegexOptions.Singleline)]
    private static partial Regex InitializeCall();

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""'](?<url>[^""']+)[""']")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"https?://", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
