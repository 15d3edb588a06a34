namespace GistCloud.Fakes.Sqs;

/// <summary>
/// An SQS error as the JSON protocol answers it: <c>__type</c> in the body, the query-protocol code in
/// <c>x-amzn-query-error</c> (the SDK matches its modelled exceptions, e.g. QueueDoesNotExistException, on these).
/// </summary>
internal sealed class FakeSqsError(int statusCode, string type, string queryCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The body's <c>__type</c>, e.g. <c>com.amazonaws.sqs#QueueDoesNotExist</c>.</summary>
    public string Type { get; } = type;

    /// <summary>The header's value, e.g. <c>AWS.SimpleQueueService.NonExistentQueue;Sender</c>.</summary>
    public string QueryError { get; } = queryCode + ";Sender";

    public static FakeSqsError QueueDoesNotExist() =>
        new(400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    public static FakeSqsError InvalidParameterValue(string message) =>
        new(400, "com.amazonaws.sqs#InvalidParameterValueException", "InvalidParameterValue", message);

    public static FakeSqsError OutOfRange(string parameter, long value, string reason) =>
        InvalidParameterValue($"Value {value} for parameter {parameter} is invalid. Reason: {reason}");

    public static FakeSqsError MissingParameter(string parameter) =>
        new(400, "com.amazonaws.sqs#MissingParameter", "MissingParameter", $"The request must contain the parameter {parameter}.");

    public static FakeSqsError ReceiptHandleIsInvalid(string handle) =>
        new(400, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static FakeSqsError MessageNotInflight() =>
        new(400, "com.amazonaws.sqs#MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");

    public static FakeSqsError QueueNameExists(string name) =>
        new(400, "com.amazonaws.sqs#QueueNameExists", "QueueAlreadyExists", $"A queue already exists with the same name ({name}) and a different value for attributes.");

    public static FakeSqsError InvalidAttributeName(string name) =>
        new(400, "com.amazonaws.sqs#InvalidAttributeName", "InvalidAttributeName", $"Unknown Attribute {name}.");

    public static FakeSqsError PurgeQueueInProgress(string name) =>
        new(400, "com.amazonaws.sqs#PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress",
            $"Only one PurgeQueue operation on {name} is allowed every 60 seconds.");

    public static FakeSqsError UnknownOperation() =>
        new(400, "com.amazon.coral.service#UnknownOperationException", "InvalidAction", "The action or operation requested is invalid.");

    public static FakeSqsError SerializationError(string message) =>
        new(400, "com.amazon.coral.service#SerializationException", "MalformedQueryString", message);

    public static FakeSqsError MissingAuthenticationToken() =>
        new(403, "com.amazon.coral.service#MissingAuthenticationTokenException", "MissingAuthenticationToken", "Missing Authentication Token");
}
