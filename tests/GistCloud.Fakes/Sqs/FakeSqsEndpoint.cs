using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GistCloud.Fakes.Sqs;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target: AmazonSQS.&lt;Action&gt;</c> and a JSON body of the API reference's members; answers JSON, or an
/// error as <c>{"__type","message"}</c> with <c>x-amzn-query-error</c>.
/// </summary>
internal sealed class FakeSqsEndpoint(FakeSqsQueues queues, FakeSqsRequestLog log, TimeProvider time)
{
    private const string TargetPrefix = "AmazonSQS.";
    private const string JsonContentType = "application/x-amz-json-1.0";

    public async Task HandleAsync(HttpContext context)
    {
        var sequence = log.NextSequence();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var action = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        string? queueName = null;
        JsonObject result;
        try
        {
            if (!context.Request.Headers.ContainsKey("Authorization"))
            {
                throw FakeSqsError.MissingAuthenticationToken();
            }

            if (!HttpMethods.IsPost(context.Request.Method) || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw FakeSqsError.UnknownOperation();
            }

            var request = await ReadBodyAsync(context);
            queueName = NamedQueue(request);
            result = action switch
            {
                "CreateQueue" => CreateQueue(request),
                "GetQueueUrl" => new JsonObject { ["QueueUrl"] = Find(RequiredString(request, "QueueName")).Url.ToString() },
                "GetQueueAttributes" => GetQueueAttributes(request),
                "SendMessage" => SendMessage(request),
                "ReceiveMessage" => await ReceiveMessageAsync(request, context.RequestAborted),
                "DeleteMessage" => DeleteMessage(request),
                "ChangeMessageVisibility" => ChangeMessageVisibility(request),
                "PurgeQueue" => PurgeQueue(request),
                _ => throw FakeSqsError.UnknownOperation(),
            };
        }
        catch (FakeSqsError error)
        {
            log.Add(new FakeSqsRequest(sequence, action, queueName, error.StatusCode, error.Type));
            context.Response.StatusCode = error.StatusCode;
            context.Response.Headers["x-amzn-query-error"] = error.QueryError;
            await WriteAsync(context, new JsonObject { ["__type"] = error.Type, ["message"] = error.Message });
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.Add(new FakeSqsRequest(sequence, action, queueName, 499, null));
            return;
        }

        log.Add(new FakeSqsRequest(sequence, action, queueName, 200, null));
        await WriteAsync(context, result);
    }

    private JsonObject CreateQueue(JsonElement request)
    {
        var name = RequiredString(request, "QueueName");
        if (name.Length is 0 or > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw FakeSqsError.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }

        var attributes = StringMap(request, "Attributes");
        FakeSqsAttributes.Validate(attributes);
        return new JsonObject { ["QueueUrl"] = queues.Create(name, attributes).Url.ToString() };
    }

    private JsonObject GetQueueAttributes(JsonElement request)
    {
        var queue = QueueOf(request);
        var names = StringList(request, "AttributeNames");
        var attributes = FakeSqsAttributes.Report(queue, names);
        return attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = Map(attributes) };
    }

    private JsonObject SendMessage(JsonElement request)
    {
        var queue = QueueOf(request);
        var body = RequiredString(request, "MessageBody");
        if (body.Length == 0)
        {
            throw FakeSqsError.MissingParameter("MessageBody");
        }

        if (!IsAllowedInBody(body))
        {
            throw FakeSqsError.InvalidParameterValue("Invalid binary character in the message body. Allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.");
        }

        var attributes = MessageAttributes(request);
        var size = System.Text.Encoding.UTF8.GetByteCount(body) + attributes.Sum(a => a.Key.Length + a.Value.DataType.Length + (a.Value.BinaryValue?.Length ?? System.Text.Encoding.UTF8.GetByteCount(a.Value.StringValue ?? "")));
        var maxSize = int.Parse(queue.Attributes.GetValueOrDefault("MaximumMessageSize", "1048576"), CultureInfo.InvariantCulture);
        if (size > maxSize)
        {
            throw FakeSqsError.InvalidParameterValue($"One or more parameters are invalid. Reason: Message must be shorter than {maxSize} bytes.");
        }

        var delay = OptionalInt(request, "DelaySeconds", 0, 900);
        var message = queue.Enqueue(body, attributes, delay);
        var response = new JsonObject { ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody };
        if (FakeSqsMd5.OfAttributes(attributes) is { } attributesMd5)
        {
            response["MD5OfMessageAttributes"] = attributesMd5;
        }

        return response;
    }

    private async Task<JsonObject> ReceiveMessageAsync(JsonElement request, CancellationToken cancellationToken)
    {
        var queue = QueueOf(request);
        var max = OptionalInt(request, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.") ?? 1;
        var visibilityTimeout = OptionalInt(request, "VisibilityTimeout", 0, 43_200);
        var waitSeconds = OptionalInt(request, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.") ?? queue.ReceiveWaitTimeSeconds;
        var systemNames = StringList(request, "AttributeNames").Concat(StringList(request, "MessageSystemAttributeNames")).ToHashSet(StringComparer.Ordinal);
        var attributeNames = StringList(request, "MessageAttributeNames");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waitEnds = Task.Delay(TimeSpan.FromSeconds(waitSeconds), time, deadline.Token);
        try
        {
            while (true)
            {
                var received = queue.Receive(max, visibilityTimeout, out var changed);
                if (received.Count > 0 || waitEnds.IsCompleted)
                {
                    return received.Count == 0 ? [] : new JsonObject { ["Messages"] = new JsonArray(received.Select(r => Render(r, systemNames, attributeNames)).ToArray()) };
                }

                // Long poll: back as soon as a message becomes visible (sent, redriven in, or its timeout ended), or at the wait's end.
                queue.BeginWait();
                try
                {
                    await Task.WhenAny(changed, waitEnds);
                }
                finally
                {
                    queue.EndWait();
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await deadline.CancelAsync();
        }
    }

    private static JsonObject Render(FakeSqsReceived received, HashSet<string> systemNames, IReadOnlyList<string> attributeNames)
    {
        var message = received.Message;
        var rendered = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["ReceiptHandle"] = received.ReceiptHandle,
            ["MD5OfBody"] = message.Md5OfBody,
            ["Body"] = message.Body,
        };
        var all = systemNames.Contains("All");
        var system = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SenderId"] = FakeSqsServer.AccountId,
            ["SentTimestamp"] = message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["ApproximateReceiveCount"] = received.ReceiveCount.ToString(CultureInfo.InvariantCulture),
            ["ApproximateFirstReceiveTimestamp"] = received.FirstReceivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        if (message.DeadLetterQueueSourceArn is { } source)
        {
            system["DeadLetterQueueSourceArn"] = source;
        }

        var wantedSystem = system.Where(a => all || systemNames.Contains(a.Key)).ToDictionary();
        if (wantedSystem.Count > 0)
        {
            rendered["Attributes"] = Map(wantedSystem);
        }

        var wantedAttributes = message.Attributes.Where(a => attributeNames.Any(n => AttributeNameMatches(n, a.Key))).ToDictionary();
        if (wantedAttributes.Count > 0)
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in wantedAttributes)
            {
                var attribute = new JsonObject { ["DataType"] = value.DataType };
                if (value.BinaryValue is { } binary)
                {
                    attribute["BinaryValue"] = Convert.ToBase64String(binary);
                }
                else
                {
                    attribute["StringValue"] = value.StringValue;
                }

                attributes[name] = attribute;
            }

            rendered["MessageAttributes"] = attributes;
            rendered["MD5OfMessageAttributes"] = FakeSqsMd5.OfAttributes(wantedAttributes);
        }

        return rendered;
    }

    /// <summary>"All" and ".*" take every attribute, "prefix.*" those under the prefix, else the exact name.</summary>
    private static bool AttributeNameMatches(string pattern, string name) =>
        pattern is "All" or ".*" ||
        (pattern.EndsWith(".*", StringComparison.Ordinal) ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == name);

    private JsonObject DeleteMessage(JsonElement request)
    {
        QueueOf(request).Delete(RequiredString(request, "ReceiptHandle"));
        return [];
    }

    private JsonObject ChangeMessageVisibility(JsonElement request)
    {
        var queue = QueueOf(request);
        var handle = RequiredString(request, "ReceiptHandle");
        var timeout = OptionalInt(request, "VisibilityTimeout", 0, 43_200) ?? throw FakeSqsError.MissingParameter("VisibilityTimeout");
        queue.ChangeVisibility(handle, timeout);
        return [];
    }

    private JsonObject PurgeQueue(JsonElement request)
    {
        QueueOf(request).Purge();
        return [];
    }

    private FakeSqsQueue QueueOf(JsonElement request) => queues.FromUrl(RequiredString(request, "QueueUrl"));

    private FakeSqsQueue Find(string name) => queues.Find(name) ?? throw FakeSqsError.QueueDoesNotExist();

    private static string? NamedQueue(JsonElement request) =>
        request.TryGetProperty("QueueUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString()!.TrimEnd('/').Split('/')[^1]
        : request.TryGetProperty("QueueName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()
        : null;

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        try
        {
            // Kestrel de-chunks a chunked body; an empty one stands for {}, as AWS JSON services accept.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length == 0)
            {
                return JsonDocument.Parse("{}").RootElement.Clone();
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw FakeSqsError.SerializationError("Start of structure or map found where not expected.");
        }
        catch (JsonException e)
        {
            throw FakeSqsError.SerializationError(e.Message);
        }
    }

    private static string RequiredString(JsonElement request, string member) =>
        request.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw FakeSqsError.MissingParameter(member);

    private static int? OptionalInt(JsonElement request, string member, int min, int max, string? reason = null)
    {
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw FakeSqsError.SerializationError($"{member} must be an integer.");
        }

        return number < min || number > max
            ? throw FakeSqsError.OutOfRange(member, number, reason ?? $"Must be between {min} and {max}, if provided.")
            : (int)number;
    }

    private static List<string> StringList(JsonElement request, string member) =>
        request.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    private static Dictionary<string, string> StringMap(JsonElement request, string member) =>
        request.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static Dictionary<string, FakeSqsMessageAttributeValue> MessageAttributes(JsonElement request)
    {
        var result = new Dictionary<string, FakeSqsMessageAttributeValue>(StringComparer.Ordinal);
        if (!request.TryGetProperty("MessageAttributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var attribute in attributes.EnumerateObject())
        {
            var dataType = RequiredString(attribute.Value, "DataType");
            FakeSqsMessageAttributeValue value = dataType.StartsWith("Binary", StringComparison.Ordinal)
                ? new(dataType, null, Convert.FromBase64String(RequiredString(attribute.Value, "BinaryValue")))
                : dataType.StartsWith("String", StringComparison.Ordinal) || dataType.StartsWith("Number", StringComparison.Ordinal)
                    ? new(dataType, RequiredString(attribute.Value, "StringValue"), null)
                    : throw FakeSqsError.InvalidParameterValue($"The type of message (user) attribute '{attribute.Name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            result[attribute.Name] = value;
        }

        return result.Count > 10 ? throw FakeSqsError.InvalidParameterValue("Number of message attributes [" + result.Count.ToString(CultureInfo.InvariantCulture) + "] exceeds the allowed maximum [10].") : result;
    }

    private static bool IsAllowedInBody(string body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
            {
                i++;
            }
            else if (!(c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }

        return map;
    }

    private static async Task WriteAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = JsonContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
