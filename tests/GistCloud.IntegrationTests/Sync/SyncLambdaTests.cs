using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using GistCloud.SyncLambda;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>What an SQS event source mapping sends (AWS's documented sample event; ids, queue and bodies ours).</summary>
    private static string SqsEvent(params (string MessageId, string Body)[] messages) =>
        JsonSerializer.Serialize(new
        {
            Records = messages.Select(m => new Dictionary<string, object>
            {
                ["messageId"] = m.MessageId,
                ["receiptHandle"] = "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a" + m.MessageId,
                ["body"] = m.Body,
                ["attributes"] = new Dictionary<string, string>
                {
                    ["ApproximateReceiveCount"] = "1",
                    ["SentTimestamp"] = "1764470000000",
                    ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
                    ["ApproximateFirstReceiveTimestamp"] = "1764470000005",
                },
                ["messageAttributes"] = new Dictionary<string, object>(),
#pragma warning disable CA5351 // SQS's md5OfBody is MD5 by protocol: a checksum, not security
                ["md5OfBody"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(m.Body))),
#pragma warning restore CA5351
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:eu-west-1:123456789012:gistcloud-dev-sync-requests",
                ["awsRegion"] = "eu-west-1",
            }),
        });

    [Fact]
    public async Task An_SQS_batch_runs_each_request_under_its_run_id_and_reports_only_the_failures()
    {
        await using var harness = await SyncHarness.StartAsync();
        await harness.TrackAsync("queued", gists: 2);
        var function = new SyncFunction(() => Task.FromResult(harness.Services));
        var runId = Core.Storage.SyncRuns.SyncRunStore.NewRunId(DateTimeOffset.UtcNow);
        var request = Core.Queueing.SyncRequestMessage.ToBody(new Core.Domain.SyncRuns.SyncRunRequest(runId, DateTimeOffset.UtcNow));

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(
            SqsEvent(("poison-1", "{\"hello\": \"world\"}"), ("request-1", request)))));

        using var response = await JsonDocument.ParseAsync(output);
        var failure = Assert.Single(response.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("poison-1", failure.GetProperty("itemIdentifier").GetString());
        var run = await harness.Runs.FindAsync(runId, default);
        Assert.Equal((SyncRunOutcome.Completed, SyncTrigger.Manual, 2), (run!.Outcome, run.Trigger, run.Figures.GistsStored));
    }

    [Fact]
    public async Task A_request_while_another_run_holds_the_lease_is_recorded_skipped_and_is_no_failure()
    {
        await using var harness = await SyncHarness.StartAsync();
        Assert.True((await harness.Services.GetRequiredService<Core.Storage.SyncRuns.SyncLease>().TryAcquireAsync("scheduled-run", TimeSpan.FromMinutes(1), default)).Acquired);
        var function = new SyncFunction(() => Task.FromResult(harness.Services));
        var runId = Core.Storage.SyncRuns.SyncRunStore.NewRunId(DateTimeOffset.UtcNow);

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(
            SqsEvent(("request-2", Core.Queueing.SyncRequestMessage.ToBody(new Core.Domain.SyncRuns.SyncRunRequest(runId, DateTimeOffset.UtcNow)))))));

        using var response = await JsonDocument.ParseAsync(output);
        Assert.Empty(response.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        var run = await harness.Runs.FindAsync(runId, default);
        Assert.Equal(SyncRunOutcome.Skipped, run!.Outcome);
        Assert.Contains("scheduled-run", run.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"runId\": \"NOT-HEX\", \"requestedAt\": \"2026-11-30T00:00:00Z\"}")]
    [InlineData("plain text")]
    [InlineData("")]
    public void Only_a_well_formed_run_request_is_accepted(string body)
    {
        Assert.False(Core.Queueing.SyncRequestMessage.TryParse(body, out var request, out var error));
        Assert.Null(request);
        Assert.Contains("sync run request", error, StringComparison.Ordinal);
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
