using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.Storage.Schema;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prefix of every DynamoDB table name, so stages (and test classes) never collide.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,200}$", ErrorMessage = "Storage:TablePrefix may contain only letters, digits, '_', '.' and '-'.")]
    public string TablePrefix { get; set; } = "gistcloud-local-";

    /// <summary>Create missing tables at start. Defaults to on when <c>AWS_ENDPOINT_URL_DYNAMODB</c> is set.</summary>
    public bool? CreateTables { get; set; }

    /// <summary>The default <see cref="AttemptTimeout"/> against DynamoDB.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The default <see cref="AttemptTimeout"/> with <c>AWS_ENDPOINT_URL_DYNAMODB</c> set: DynamoDB Local runs on a
    /// JVM and takes seconds over its first calls and table creation, which are not outages.
    /// </summary>
    public static readonly TimeSpan LocalAttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one HTTP attempt to DynamoDB may take before it counts as failed (and may be retried). DynamoDB answers
    /// in milliseconds; 300 ms leaves room for a new TLS connection while two attempts and the SDK's backoff between
    /// them stay under one second, so an API call on a dead store answers within 1 s. Unset: that, or
    /// <see cref="LocalAttemptTimeout"/> with a local endpoint (resolved at start).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Storage:AttemptTimeout must be between 50 ms and 1 minute.")]
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>How many times the AWS SDK retries a failed DynamoDB call (throttling, 5xx, transport errors, timeouts).</summary>
    [Range(0, 10, ErrorMessage = "Storage:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 1;
}
