using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Api;

/// <summary>
/// ASP.NET Core's per-request logs (two lines a request) cost /health a third of its throughput in Production, so
/// they are at Warning there; <c>Logging:RequestLogLevel</c> turns them back on without the category's dots.
/// </summary>
public sealed class RequestLogTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public async Task Production_writes_no_line_per_request()
    {
        var logs = await LogsOfOneRequestAsync(b => b.UseEnvironment(Environments.Production));

        Assert.Contains(logs.Lines, line => line.Contains("Pipedrive:ApiToken is not set", StringComparison.Ordinal)); // the capture works
        Assert.DoesNotContain(logs.Lines, line => line.Contains(RequestLogCategory, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logging_RequestLogLevel_turns_the_request_logs_back_on()
    {
        var logs = await LogsOfOneRequestAsync(b => b.UseEnvironment(Environments.Production).UseSetting("Logging:RequestLogLevel", "Information"));

        Assert.Contains(logs.Lines, line => line.StartsWith($"Information {RequestLogCategory}: Request starting", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith($"Information {RequestLogCategory}: Request finished", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_request_log_level_fails_at_start_naming_the_key()
    {
        var error = app.StartupError(b => b.UseSetting("Logging:RequestLogLevel", "Chatty"));

        Assert.Contains("Logging:RequestLogLevel", error, StringComparison.Ordinal);
    }

    private async Task<CapturedLogs> LogsOfOneRequestAsync(Action<IWebHostBuilder> configure)
    {
        var logs = new CapturedLogs();
        using var host = app.WithWebHostBuilder(b =>
        {
            configure(b);
            b.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        return logs;
    }
}
