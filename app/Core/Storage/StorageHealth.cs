using Amazon.DynamoDBv2;
using GistCloud.Core.Storage.Resilience;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Storage;

/// <summary>Readiness of the storage layer, for <c>/health/ready</c>: DynamoDB answers and the users table is usable.</summary>
public sealed partial class StorageHealth(
    IAmazonDynamoDB dynamoDb, StorageCircuit circuit, IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageHealth> logger)
{
    /// <summary>A probe must answer quickly even when DynamoDB does not (the SDK retries with backoff on its own).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// True when the users table can be described and is ACTIVE (or being updated); false on any failure, and at once
    /// (no call) while the storage circuit is open.
    /// </summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (circuit.IsOpen)
        {
            return false;
        }

        var table = GistCloudTables.Users.Definition.TableName(options.Value.TablePrefix);
        // The timeout runs on the injected clock (a test's fake one drives it); linked to the caller's token.
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var link = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        try
        {
            var response = await dynamoDb.DescribeTableAsync(table, timeout.Token);
            return response.Table.TableStatus == TableStatus.ACTIVE || response.Table.TableStatus == TableStatus.UPDATING;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure (network, credentials, missing table, our timeout) means "not ready", not a crash of the probe.
            if (StorageFailures.IsUnavailable(e))
            {
                // An outage, not a bug: the circuit logs it once; a stack trace per probe would say nothing more.
                LogUnavailable(table, e.Message);
            }
            else
            {
                LogNotReady(e, table);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB is not ready: table {TableName} could not be described")]
    private partial void LogNotReady(Exception exception, string tableName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB is not ready: table {TableName} could not be described ({Reason})")]
    private partial void LogUnavailable(string tableName, string reason);
}
