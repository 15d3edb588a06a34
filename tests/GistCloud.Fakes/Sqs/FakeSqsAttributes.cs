using System.Globalization;
using System.Text.Json;

namespace GistCloud.Fakes.Sqs;

/// <summary>Queue attributes: which CreateQueue accepts (with their ranges) and what GetQueueAttributes reports.</summary>
internal static class FakeSqsAttributes
{
    private static readonly Dictionary<string, (int Min, int Max)> IntegerRanges = new(StringComparer.Ordinal)
    {
        ["VisibilityTimeout"] = (0, 43_200),
        ["MessageRetentionPeriod"] = (60, 1_209_600),
        ["DelaySeconds"] = (0, 900),
        ["ReceiveMessageWaitTimeSeconds"] = (0, 20),
        ["MaximumMessageSize"] = (1_024, 1_048_576),
    };

    private static readonly string[] Reported =
    [
        "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
        "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy",
    ];

    public static void Validate(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (IntegerRanges.TryGetValue(name, out var range))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < range.Min || number > range.Max)
                {
                    throw FakeSqsError.InvalidParameterValue($"Invalid value for the parameter {name}.");
                }
            }
            else if (name != "RedrivePolicy")
            {
                throw FakeSqsError.InvalidAttributeName(name);
            }
        }
    }

    /// <summary>The dead-letter queue and maxReceiveCount of a RedrivePolicy; the target must already exist, as in SQS.</summary>
    public static (FakeSqsQueue? DeadLetterQueue, int MaxReceiveCount) RedrivePolicy(IReadOnlyDictionary<string, string> attributes, FakeSqsQueues queues)
    {
        if (!attributes.TryGetValue("RedrivePolicy", out var json))
        {
            return (null, 0);
        }

        string? targetArn;
        int maxReceiveCount;
        try
        {
            using var policy = JsonDocument.Parse(json);
            targetArn = policy.RootElement.GetProperty("deadLetterTargetArn").GetString();
            var count = policy.RootElement.GetProperty("maxReceiveCount");
            // SQS accepts the count as a JSON string (as its docs show) or a number.
            maxReceiveCount = count.ValueKind == JsonValueKind.String ? int.Parse(count.GetString()!, CultureInfo.InvariantCulture) : count.GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or OverflowException)
        {
            throw FakeSqsError.InvalidParameterValue("Value for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.");
        }

        if (maxReceiveCount is < 1 or > 1000)
        {
            throw FakeSqsError.InvalidParameterValue("Value for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: " +
                maxReceiveCount.ToString(CultureInfo.InvariantCulture) + ", valid values are from 1 to 1000 both inclusive.");
        }

        var targetName = targetArn?.Split(':')[^1];
        var target = targetName is null || targetArn != FakeSqsServer.QueueArn(targetName) ? null : queues.Find(targetName);
        return target is null
            ? throw FakeSqsError.InvalidParameterValue("Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.")
            : (target, maxReceiveCount);
    }

    public static Dictionary<string, string> Report(FakeSqsQueue queue, IReadOnlyCollection<string> names)
    {
        foreach (var name in names)
        {
            if (name != "All" && !Reported.Contains(name))
            {
                throw FakeSqsError.InvalidAttributeName(name);
            }
        }

        var wanted = names.Contains("All") ? Reported : names.Distinct().ToArray();
        var counts = queue.Counts;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wanted)
        {
            string? value = name switch
            {
                "QueueArn" => queue.Arn,
                "ApproximateNumberOfMessages" => Text(counts.Visible),
                "ApproximateNumberOfMessagesNotVisible" => Text(counts.InFlight),
                "ApproximateNumberOfMessagesDelayed" => Text(counts.Delayed),
                "CreatedTimestamp" or "LastModifiedTimestamp" => Text(queue.CreatedAt.ToUnixTimeSeconds()),
                "VisibilityTimeout" => Text(queue.VisibilityTimeoutSeconds),
                "MessageRetentionPeriod" => Text(queue.RetentionSeconds),
                "DelaySeconds" => Text(queue.DelaySeconds),
                "ReceiveMessageWaitTimeSeconds" => Text(queue.ReceiveWaitTimeSeconds),
                "MaximumMessageSize" => queue.Attributes.GetValueOrDefault("MaximumMessageSize", "1048576"),
                "RedrivePolicy" => queue.Attributes.GetValueOrDefault("RedrivePolicy"),
                _ => null,
            };
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
