using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using GistCloud.Fakes.Sqs;
using Microsoft.Extensions.Time.Testing;

namespace GistCloud.IntegrationTests.Sqs;

/// <summary>The fake SQS behaves as SQS does for the real AWS SDK (its JSON protocol, MD5 checks and exception mapping included).</summary>
public sealed class FakeSqsServerTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeSqsServer _server = null!;
    private AmazonSQSClient _sqs = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSqsServer.StartAsync(new FakeSqsServerOptions { TimeProvider = _clock });
        _sqs = new AmazonSQSClient(
            new BasicAWSCredentials("fake-access-key", "fake-secret-key"),
            new AmazonSQSConfig { ServiceURL = _server.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _sqs.Dispose();

    [Fact]
    public async Task A_queue_created_with_a_redrive_policy_reports_it_with_its_arn_url_and_visibility_timeout()
    {
        var (queueUrl, _) = await CreateWithDeadLetterQueue("jobs", "jobs-dlq", maxReceiveCount: 3);

        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] });

        Assert.Equal($"{_server.BaseUrl}000000000000/jobs", queueUrl);
        Assert.Equal(queueUrl, (await _sqs.GetQueueUrlAsync("jobs")).QueueUrl);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:jobs", attributes.QueueARN);
        Assert.Equal(45, attributes.VisibilityTimeout);
        using var redrive = JsonDocument.Parse(attributes.Attributes["RedrivePolicy"]);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:jobs-dlq", redrive.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("3", redrive.RootElement.GetProperty("maxReceiveCount").GetString());
        Assert.Same(_server.Queue("jobs-dlq"), _server.Queue("jobs").DeadLetterQueue);
    }

    [Fact]
    public async Task A_sent_message_is_received_with_its_body_and_attributes_and_deleted_by_its_receipt_handle()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("plain")).QueueUrl;
        const string body = "{\"user\":\"octocat\",\"note\":\"naïve café ☕ 𝄞\"}"; // multi-byte UTF-8: the SDK checks the MD5 of these bytes

        var sent = await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["kind"] = new() { DataType = "String", StringValue = "sync" },
                ["attempt"] = new() { DataType = "Number", StringValue = "1" },
                ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3]) },
            },
        });
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal(body, message.Body);
        Assert.Equal("597053cc2d550b2227dc53ba241e408f", sent.MD5OfMessageBody); // md5 of the UTF-8 bytes, computed outside .NET
        Assert.Equal("sync", message.MessageAttributes["kind"].StringValue);
        Assert.Equal([1, 2, 3], message.MessageAttributes["blob"].BinaryValue.ToArray());
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), message.Attributes["SentTimestamp"]);
        Assert.Equal(message.Attributes["SentTimestamp"], message.Attributes["ApproximateFirstReceiveTimestamp"]);
        Assert.Equal(new FakeSqsMessageCounts(0, 1, 0), _server.Queue("plain").Counts);

        await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);

        Assert.Empty(_server.Queue("plain").Messages);
        Assert.Equal(["CreateQueue", "SendMessage", "ReceiveMessage", "DeleteMessage"], _server.Requests.Select(r => r.Action));
        Assert.All(_server.Requests.Skip(1), r => Assert.Equal(("plain", 200), (r.QueueName, r.StatusCode)));
    }

    [Fact]
    public async Task A_received_message_comes_back_after_its_visibility_timeout_with_a_higher_receive_count()
    {
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "visible", Attributes = new() { ["VisibilityTimeout"] = "30" } })).QueueUrl;
        await _sqs.SendMessageAsync(queueUrl, "work");

        var first = Assert.Single(await Receive(queueUrl));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await Receive(queueUrl));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await Receive(queueUrl));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(("1", "2"), (first.Attributes["ApproximateReceiveCount"], second.Attributes["ApproximateReceiveCount"]));
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal(first.Attributes["ApproximateFirstReceiveTimestamp"], second.Attributes["ApproximateFirstReceiveTimestamp"]);

        // SQS: a handle from an earlier receive "succeeds, but the message might not be deleted"; the fake never deletes with it.
        await _sqs.DeleteMessageAsync(queueUrl, first.ReceiptHandle);
        Assert.Single(_server.Queue("visible").Messages);
        await _sqs.DeleteMessageAsync(queueUrl, second.ReceiptHandle);
        Assert.Empty(_server.Queue("visible").Messages);
    }

    [Fact]
    public async Task A_per_receive_visibility_timeout_and_ChangeMessageVisibility_decide_when_a_message_is_visible_again()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("changing")).QueueUrl;
        await _sqs.SendMessageAsync(queueUrl, "work");

        var message = Assert.Single(await Receive(queueUrl, visibilityTimeout: 5));
        _clock.Advance(TimeSpan.FromSeconds(5));
        message = Assert.Single(await Receive(queueUrl));
        Assert.Empty(await Receive(queueUrl));
        await _sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0);

        Assert.Equal("3", Assert.Single(await Receive(queueUrl)).Attributes["ApproximateReceiveCount"]);
        var stale = await Assert.ThrowsAsync<MessageNotInflightException>(() => _sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 10));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.DeleteMessageAsync(queueUrl, "not-a-handle"));
    }

    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue_instead_of_a_further_delivery()
    {
        var (queueUrl, deadLetterUrl) = await CreateWithDeadLetterQueue("poison", "poison-dlq", maxReceiveCount: 3);
        var sent = await _sqs.SendMessageAsync(queueUrl, "cannot be processed");

        for (var receive = 1; receive <= 3; receive++)
        {
            var message = Assert.Single(await Receive(queueUrl));
            Assert.Equal($"{receive}", message.Attributes["ApproximateReceiveCount"]);
            _clock.Advance(TimeSpan.FromSeconds(45));
        }

        Assert.Empty(await Receive(queueUrl));

        Assert.Empty(_server.Queue("poison").Messages);
        var dead = Assert.Single(await Receive(deadLetterUrl));
        Assert.Equal((sent.MessageId, "cannot be processed", "1"), (dead.MessageId, dead.Body, dead.Attributes["ApproximateReceiveCount"]));
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:poison", dead.Attributes["DeadLetterQueueSourceArn"]);
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_a_message_is_sent_and_an_empty_one_when_its_wait_ends()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("long-poll")).QueueUrl;
        var queue = _server.Queue("long-poll");

        var polling = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
        await WaitUntil(() => queue.WaitingReceives == 1);
        var clock = Stopwatch.StartNew();
        await _sqs.SendMessageAsync(queueUrl, "arrived");
        var received = await polling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("arrived", Assert.Single(received.Messages).Body);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        var empty = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
        await WaitUntil(() => queue.WaitingReceives == 1);
        _clock.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(200);
        Assert.False(empty.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await empty.WaitAsync(TimeSpan.FromSeconds(10))).Messages ?? []);
    }

    [Fact]
    public async Task A_long_poll_returns_when_an_in_flight_message_becomes_visible_again()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("timeout-wakes")).QueueUrl;
        await _sqs.SendMessageAsync(queueUrl, "work");
        Assert.Single(await Receive(queueUrl, visibilityTimeout: 10));

        var polling = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
        await WaitUntil(() => _server.Queue("timeout-wakes").WaitingReceives == 1);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("work", Assert.Single((await polling.WaitAsync(TimeSpan.FromSeconds(10))).Messages).Body);
    }

    [Fact]
    public async Task An_unknown_queue_surfaces_as_QueueDoesNotExistException()
    {
        var byName = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync("missing"));
        var byUrl = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.SendMessageAsync($"{_server.BaseUrl}000000000000/missing", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, byName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byUrl.StatusCode);
        Assert.Equal(("SendMessage", "missing", 400, "com.amazonaws.sqs#QueueDoesNotExist"), _server.Requests[^1] is var r ? (r.Action, r.QueueName, r.StatusCode, r.ErrorType) : default);
    }

    [Fact]
    public async Task MaxNumberOfMessages_11_is_an_AmazonSQSException_with_400_InvalidParameterValue()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("bounds")).QueueUrl;

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 11 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("MaxNumberOfMessages", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 21 }));
    }

    [Fact]
    public async Task GetQueueAttributes_counts_visible_and_in_flight_messages_and_PurgeQueue_empties_the_queue()
    {
        var queueUrl = (await _sqs.CreateQueueAsync("counted")).QueueUrl;
        for (var i = 0; i < 5; i++)
        {
            await _sqs.SendMessageAsync(queueUrl, $"message {i}");
        }

        Assert.Equal(3, (await Receive(queueUrl, max: 3)).Count);
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);

        Assert.Equal((2, 3), (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible));
        Assert.Equal(2, attributes.Attributes.Count);
        await _sqs.PurgeQueueAsync(queueUrl);
        Assert.Equal(new FakeSqsMessageCounts(0, 0, 0), _server.Queue("counted").Counts);
        await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => _sqs.PurgeQueueAsync(queueUrl));
    }

    [Fact]
    public async Task Unknown_actions_and_unsigned_requests_are_refused_as_AWS_does()
    {
        using var http = new HttpClient();

        using var unknown = await Post(http, "AmazonSQS.FlyToTheMoon", authorized: true);
        using var unsigned = await Post(http, "AmazonSQS.ListQueues", authorized: false);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var unknownBody = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("com.amazon.coral.service#UnknownOperationException", unknownBody.RootElement.GetProperty("__type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
    }

    [Fact]
    public async Task A_chunked_JSON_request_is_read_and_a_missing_queue_answers_with_the_query_error_header()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl)
        {
            // A stream of unknown length goes out chunked.
            Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes("{\"QueueName\":\"nowhere\"}"))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "AmazonSQS.GetQueueUrl");
        request.Headers.Add("x-amzn-query-mode", "true");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=fake/20260501/us-east-1/sqs/aws4_request");

        using var response = await http.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength); // so HTTP/1.1 sent it chunked
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("com.amazonaws.sqs#QueueDoesNotExist", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal(("GetQueueUrl", "nowhere"), (_server.Requests[^1].Action, _server.Requests[^1].QueueName));
    }

    private async Task<(string QueueUrl, string DeadLetterUrl)> CreateWithDeadLetterQueue(string name, string deadLetterName, int maxReceiveCount)
    {
        var deadLetterUrl = (await _sqs.CreateQueueAsync(deadLetterName)).QueueUrl;
        var redrivePolicy = $$"""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:{{deadLetterName}}","maxReceiveCount":"{{maxReceiveCount}}"}""";
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new() { ["VisibilityTimeout"] = "45", ["RedrivePolicy"] = redrivePolicy, ["MessageRetentionPeriod"] = "86400" },
        })).QueueUrl;
        return (queueUrl, deadLetterUrl);
    }

    private async Task<List<Message>> Receive(string queueUrl, int max = 1, int? visibilityTimeout = null)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = max,
            VisibilityTimeout = visibilityTimeout,
            MessageSystemAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }

    private async Task<HttpResponseMessage> Post(HttpClient http, string target, bool authorized)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", target);
        if (authorized)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=fake/20260501/us-east-1/sqs/aws4_request");
        }

        return await http.SendAsync(request);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not met in 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>A body whose length HttpClient cannot know, so it sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
