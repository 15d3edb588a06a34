using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using GistCloud.SyncLambda;

namespace GistCloud.IntegrationTests.Sync;

public class SyncLambdaTests
{
    /// <summary>What EventBridge sends for a <c>rate(3 hours)</c> rule (AWS's documented sample, ids changed).</summary>
    private const string ScheduledEvent = """
        {
          "version": "0",
          "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
          "detail-type": "Scheduled Event",
          "source": "aws.events",
          "account": "123456789012",
          "time": "2026-11-23T12:00:00Z",
          "region": "eu-west-1",
          "resources": ["arn:aws:events:eu-west-1:123456789012:rule/gistcloud-dev-sync"],
          "detail": {}
        }
        """;

    [Fact]
    public async Task The_handler_runs_a_sync_for_a_scheduled_event_and_answers_the_summary()
    {
        await using var harness = await SyncHarness.StartAsync();
        await harness.TrackAsync("scheduled", gists: 2);
        var function = new SyncFunction(() => Task.FromResult(harness.Services));

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(ScheduledEvent)));

        using var summary = await JsonDocument.ParseAsync(output);
        var root = summary.RootElement;
        Assert.Equal("schedule", root.GetProperty("trigger").GetString());
        Assert.Equal("completed", root.GetProperty("outcome").GetString());
        Assert.Equal(2, root.GetProperty("figures").GetProperty("gistsStored").GetInt32());
        Assert.Equal(2, root.GetProperty("figures").GetProperty("gistsPublished").GetInt32());
        var run = await harness.Runs.FindAsync(root.GetProperty("runId").GetString()!, default);
        Assert.Equal(SyncTrigger.Schedule, run!.Trigger);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task The_handler_refuses_input_that_is_not_a_json_object(string input)
    {
        await using var harness = await SyncHarness.StartAsync();
        var function = new SyncFunction(() => Task.FromResult(harness.Services));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(input))));

        Assert.Contains("JSON object", error.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.Runs.ListRecentAsync(new Core.Domain.Paging.PageRequest(10), default)).Items);
    }

    [Fact]
    public void The_handler_string_names_a_real_public_stream_method()
    {
        var parts = SyncFunction.Handler.Split("::");
        Assert.Equal(3, parts.Length);
        var assembly = typeof(SyncFunction).Assembly;
        Assert.Equal(parts[0], assembly.GetName().Name);
        var type = assembly.GetType(parts[1], throwOnError: true)!;
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        var method = Assert.Single(type.GetMethods(BindingFlags.Public | BindingFlags.Instance), m => m.Name == parts[2]);
        Assert.Equal(typeof(Stream), Assert.Single(method.GetParameters()).ParameterType);
        Assert.Equal(typeof(Task<Stream>), method.ReturnType);
    }

    [Fact]
    public async Task The_console_runs_one_sync_and_exits_0()
    {
        await using var harness = await SyncHarness.StartAsync();
        await harness.TrackAsync("console-user", gists: 3);
        var dynamoDb = await DynamoDbLocal.GetAsync();

        var (exitCode, output, error) = await RunConsoleAsync(new()
        {
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDb.ServiceUrl,
            ["Storage__TablePrefix"] = harness.TablePrefix,
            ["GitHub__BaseUrl"] = harness.GitHub.BaseUrl.ToString(),
            ["GitHub__Token"] = SyncHarness.GitHubToken,
            ["Pipedrive__ApiToken"] = SyncHarness.PipedriveToken,
            ["Pipedrive__BaseUrl"] = harness.Pipedrive.BaseUrl.ToString(),
        });

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        var summary = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.Contains("\"runId\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal("completed", summary.GetProperty("outcome").GetString());
        Assert.True(3 == summary.GetProperty("figures").GetProperty("gistsStored").GetInt32(), output + error);
        Assert.Equal(3, harness.Pipedrive.Data.Activities.Count);
        Assert.DoesNotContain(SyncHarness.GitHubToken, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(SyncHarness.PipedriveToken, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_exits_2_naming_the_key_when_configuration_is_invalid()
    {
        var (exitCode, _, error) = await RunConsoleAsync(new() { ["Sync__Concurrency"] = "0", ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:9" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Sync:Concurrency", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The console's own build output, not the copy beside the tests: this test host loads the ASP.NET Core shared
    /// framework, so packages it provides (System.Threading.RateLimiting) are not copied here, while the console needs them.
    /// </summary>
    private static string SyncLambdaOutputDirectory()
    {
        var here = Path.GetDirectoryName(typeof(SyncLambdaTests).Assembly.Location)!;
        var sep = Path.DirectorySeparatorChar;
        var artifactsLayout = $"{sep}bin{sep}GistCloud.IntegrationTests{sep}";
        var directory = here.Contains(artifactsLayout, StringComparison.Ordinal)
            ? here.Replace(artifactsLayout, $"{sep}bin{sep}GistCloud.SyncLambda{sep}", StringComparison.Ordinal)
            : here.Replace($"{sep}tests{sep}GistCloud.IntegrationTests{sep}", $"{sep}app{sep}SyncLambda{sep}", StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "GistCloud.SyncLambda.dll")), $"The sync console is not built at {directory}");
        return directory;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunConsoleAsync(Dictionary<string, string> environment)
    {
        var dll = Path.Combine(SyncLambdaOutputDirectory(), "GistCloud.SyncLambda.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
