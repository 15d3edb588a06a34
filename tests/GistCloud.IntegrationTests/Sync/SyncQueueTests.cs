using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Fakes.Sqs;
using GistCloud.IntegrationTests.Api;
using GistCloud.SyncLambda;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>
/// "Sync now" where the API does not host the worker (AWS): the API records a queued run and sends a request to SQS
/// (the fake, through the real AWS SDK); Lambda's event source mapping is played by <see cref="EventSourceMapping"/>,
/// which receives as Lambda does, invokes the real handler with the SQS event document and deletes what succeeded.
/// </summary>
public sealed class SyncQueueTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>, IAsyncLifetime, IDisposable
{
    private const int MaxReceiveCount = 3;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(16); // above the sync Lambda's 15-minute timeout

    private readonly FakeTimeProvider _queueClock = new(DateTimeOffset.UtcNow);
    private FakeSqsServer _sqs = null!;
    private AmazonSQSClient _client = null!;
    private string _queueUrl = null!;

    public async Task InitializeAsync()
    {
        _sqs = await FakeSqsServer.StartAsync(new FakeSqsServerOptions { TimeProvider = _queueClock });
        _client = new AmazonSQSClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonSQSConfig { ServiceURL = _sqs.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await _client.CreateQueueAsync("sync-requests-dlq");
        _queueUrl = (await _client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "sync-requests",
            Attributes = new()
            {
                ["VisibilityTimeout"] = ((int)VisibilityTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{FakeSqsServer.QueueArn("sync-requests-dlq")}}","maxReceiveCount":"{{MaxReceiveCount}}"}""",
            },
        })).QueueUrl;
    }

    public async Task DisposeAsync() => await _sqs.DisposeAsync();

    public void Dispose() => _client.Dispose();

    private WebApplicationFactory<Program> QueuedApi(string? queueUrl = null) => app.WithWebHostBuilder(b => b
        .UseSetting("Sync:Interval", "00:00:00")
        .UseSetting("Sync:QueueUrl", queueUrl ?? _queueUrl)
        .UseSetting("AWS_ENDPOINT_URL_SQS", _sqs.BaseUrl.ToString()));

    [Fact]
    public async Task Sync_now_goes_through_the_queue_to_the_worker_and_the_run_shows_queued_then_completed()
    {
        app.GitHub.AddUser("queued-user");
        await app.TrackAsync("queued-user");
        app.GitHub.AddGists("queued-user", 2);
        using var api = QueuedApi();
        using var admin = Admin(api);

        var status = await admin.GetFromJsonAsync<JsonElement>("/api/sync");
        var started = await admin.PostAsync("/api/sync", null);

        Assert.True(status.GetProperty("canStartRun").GetBoolean());
        Assert.False(status.GetProperty("workerHosted").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        Assert.Equal($"/api/sync/runs/{runId}", started.Headers.Location?.OriginalString);
        Assert.Equal("queued", (await admin.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}")).GetProperty("outcome").GetString());

        var delivered = await new EventSourceMapping(_client, _queueUrl).PollOnceAsync(new SyncFunction(() => Task.FromResult(api.Services)));

        Assert.Equal((1, 0), (delivered.Messages, delivered.Failures.Count));
        Assert.Equal(0, _sqs.Queue("sync-requests").Counts.Total);
        var run = await admin.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}");
        Assert.Equal(("completed", "manual"), (run.GetProperty("outcome").GetString(), run.GetProperty("trigger").GetString()));
        // Who asked travels in the message, so the worker's own record of the run keeps it.
        Assert.Equal("apiKey", run.GetProperty("requestedBy").GetProperty("kind").GetString());
        Assert.True(run.GetProperty("figures").GetProperty("gistsStored").GetInt32() >= 2);
    }

    [Fact]
    public async Task A_request_while_another_run_holds_the_lease_is_recorded_skipped_and_leaves_the_queue()
    {
        using var api = QueuedApi();
        using var admin = Admin(api);
        Assert.True((await api.Services.GetRequiredService<SyncLease>().TryAcquireAsync("scheduled-run", TimeSpan.FromMinutes(1), default)).Acquired);
        try
        {
            var runId = (await (await admin.PostAsync("/api/sync", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

            var delivered = await new EventSourceMapping(_client, _queueUrl).PollOnceAsync(new SyncFunction(() => Task.FromResult(api.Services)));

            Assert.Equal((1, 0), (delivered.Messages, delivered.Failures.Count));
            var run = await admin.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}");
            Assert.Equal("skipped", run.GetProperty("outcome").GetString());
            Assert.Contains("scheduled-run", run.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, _sqs.Queue("sync-requests").Counts.Total);
        }
        finally
        {
            await api.Services.GetRequiredService<SyncLease>().ReleaseAsync("scheduled-run", default);
        }
    }

    [Fact]
    public async Task A_poison_message_goes_to_the_dead_letter_queue_after_the_configured_receives()
    {
        using var api = QueuedApi();
        await _client.SendMessageAsync(_queueUrl, "{\"not\": \"a run request\"}");
        var mapping = new EventSourceMapping(_client, _queueUrl);
        var function = new SyncFunction(() => Task.FromResult(api.Services));

        for (var receive = 1; receive <= MaxReceiveCount; receive++)
        {
            var delivered = await mapping.PollOnceAsync(function);
            Assert.Equal((1, 1), (delivered.Messages, delivered.Failures.Count)); // reported failed: it stays in the queue
            _queueClock.Advance(VisibilityTimeout + TimeSpan.FromSeconds(1));
        }

        var after = await mapping.PollOnceAsync(function);

        Assert.Equal(0, after.Messages);
        Assert.Equal(0, _sqs.Queue("sync-requests").Counts.Total);
        var dead = Assert.Single(_sqs.Queue("sync-requests-dlq").Messages);
        Assert.Equal("{\"not\": \"a run request\"}", dead.Body);
    }

    [Fact]
    public async Task A_queue_that_does_not_take_the_request_is_a_503_and_the_run_is_recorded_failed()
    {
        using var api = QueuedApi(_sqs.QueueUrl("no-such-queue").ToString());
        using var admin = Admin(api);

        var response = await admin.PostAsync("/api/sync", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "could not take the request");
        var runs = await admin.GetFromJsonAsync<JsonElement>("/api/sync/runs?limit=5");
        Assert.Contains(runs.GetProperty("items").EnumerateArray(), run => run.GetProperty("outcome").GetString() == "failed"
            && run.GetProperty("message").GetString()!.Contains("could not take the request", StringComparison.Ordinal));
    }

    private static HttpClient Admin(WebApplicationFactory<Program> api)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);
        return client;
    }

    /// <summary>
    /// What Lambda's SQS event source mapping does for a batch size of 1 with ReportBatchItemFailures: receive, build
    /// the documented SQS event, invoke the function, delete every message it did not report as failed.
    /// </summary>
    private sealed class EventSourceMapping(AmazonSQSClient sqs, string queueUrl)
    {
        public async Task<(int Messages, IReadOnlyList<string> Failures)> PollOnceAsync(SyncFunction function)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 1,
                MessageSystemAttributeNames = ["All"],
            });
            var messages = received.Messages ?? [];
            if (messages.Count == 0)
            {
                return (0, []);
            }

            var document = JsonSerializer.Serialize(new
            {
                Records = messages.Select(m => new Dictionary<string, object?>
                {
                    ["messageId"] = m.MessageId,
                    ["receiptHandle"] = m.ReceiptHandle,
                    ["body"] = m.Body,
                    ["attributes"] = m.Attributes,
                    ["messageAttributes"] = new Dictionary<string, object>(),
                    ["md5OfBody"] = m.MD5OfBody,
                    ["eventSource"] = "aws:sqs",
                    ["eventSourceARN"] = FakeSqsServer.QueueArn("sync-requests"),
                    ["awsRegion"] = "us-east-1",
                }),
            });
            await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(document)));
            using var response = await JsonDocument.ParseAsync(output);
            var failures = response.RootElement.GetProperty("batchItemFailures").EnumerateArray()
                .Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList();
            foreach (var message in messages.Where(m => !failures.Contains(m.MessageId)))
            {
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }

            return (messages.Count, failures);
        }
    }
}
