using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Api;

public class HostTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Liveness_answers_ok_without_io()
    {
        using var client = app.CreateClient();

        var health = await ProblemAssert.JsonAsync(await client.GetAsync("/health"), HttpStatusCode.OK);

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_is_200_when_dynamodb_answers()
    {
        using var client = app.CreateClient();

        var ready = await ProblemAssert.JsonAsync(await client.GetAsync("/health/ready"), HttpStatusCode.OK);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_is_503_when_dynamodb_does_not_answer()
    {
        using var unreachable = app.WithWebHostBuilder(b => b
            .UseSetting("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
            .UseSetting("Storage:CreateTables", "false"));
        using var client = unreachable.CreateClient();

        var response = await client.GetAsync("/health/ready");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "DynamoDB did not answer");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_call_and_the_api_key()
    {
        using var client = app.CreateClient();

        var document = await ProblemAssert.JsonAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/health", "/health/ready", "/api/users", "/api/users/{username}", "/api/users/{username}/gists", "/api/users/{username}/visits", "/api/users/{username}/visits/{visitId}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not documented");
        }

        var add = paths.GetProperty("/api/users").GetProperty("post");
        foreach (var status in new[] { "201", "400", "401", "404", "409" })
        {
            Assert.True(add.GetProperty("responses").TryGetProperty(status, out _), $"POST /api/users does not document {status}");
        }

        Assert.True(add.TryGetProperty("security", out _), "POST /api/users does not say it needs the api key");
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_api_reference_ui_is_served_at_docs()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamps_are_utc_iso_8601()
    {
        app.GitHub.AddUser("timely");
        app.GitHub.AddGists("timely", 1);
        await app.TrackAsync("timely");
        using var client = app.CreateClient();

        var body = await (await client.GetAsync("/api/users/timely/gists")).Content.ReadAsStringAsync();
        var gist = JsonDocument.Parse(body).RootElement.GetProperty("items")[0];

        foreach (var field in new[] { "createdAt", "updatedAt", "discoveredAt" })
        {
            var text = gist.GetProperty(field).GetString()!;
            Assert.True(text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal), $"{field} = {text}");
        }
    }

    [Theory]
    [InlineData("GitHub:Token", "GitHub:Token is not set")]
    [InlineData("Api:Key", "Api:Key is not set")]
    [InlineData("Pipedrive:ApiToken", "Pipedrive:ApiToken is not set")]
    public void A_blank_secret_is_warned_about_at_start_as_if_unset(string key, string warning)
    {
        var logs = new CapturedLogs();
        using var blank = app.WithWebHostBuilder(b => b
            .UseSetting(key, "   ")
            .ConfigureLogging(logging => logging.AddProvider(logs)));

        using var client = blank.CreateClient();

        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_github_token_and_api_key_are_not_warned_about()
    {
        var logs = new CapturedLogs();
        using var configured = app.WithWebHostBuilder(b => b.ConfigureLogging(logging => logging.AddProvider(logs)));

        using var client = configured.CreateClient();

        Assert.Contains(logs.Lines, line => line.Contains("Pipedrive:ApiToken is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("GitHub:Token is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Api:Key is not set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Api:Key", "short", "Api:Key must be at least 16 characters")]
    [InlineData("GitHub:BaseUrl", "not-a-url", "GitHub")]
    [InlineData("GitHub:ProbeBatchSize", "500", "GitHub:ProbeBatchSize must be between 0 (probe off) and 149")]
    [InlineData("Storage:TablePrefix", "bad prefix!", "Storage:TablePrefix")]
    [InlineData("Sync:QueueUrl", "sqs/queue", "Sync:QueueUrl must be an absolute https URL")]
    [InlineData("Sync:MetricsNamespace", "GistCloud", "Sync:MetricsStage must be set when Sync:MetricsNamespace is")]
    public void A_misconfigured_host_fails_at_start_naming_the_key(string key, string value, string message)
    {
        var error = app.StartupError(b => b.UseSetting(key, value));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
