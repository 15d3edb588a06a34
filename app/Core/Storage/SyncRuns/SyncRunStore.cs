using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Options;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.SyncRuns;

namespace GistCloud.Core.Storage.SyncRuns;

/// <summary>The sync-runs table: one item per run (its figures), newest first. Runs expire after 90 days (TTL).</summary>
public sealed class SyncRunStore(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options)
{
    private const string ListScope = "sync-runs";

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);

    /// <summary>A new run id: a version 7 GUID in "N" format, so ids sort by start time and the list by id is newest first.</summary>
    public static string NewRunId(DateTimeOffset startedAt) => SyncRunItem.NewRunId(startedAt);

    /// <summary>Writes the run (at its start, and again with its figures at its end).</summary>
    /// <exception cref="ArgumentException">The run id is not 32 hex digits (see <see cref="NewRunId"/>).</exception>
    public async Task SaveAsync(SyncRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!SyncRunItem.TryNormalizeRunId(run.RunId, out var runId))
        {
            throw new ArgumentException($"Run id '{run.RunId}' is not a time-ordered id from {nameof(NewRunId)}.", nameof(run));
        }

        await dynamoDb.PutItemAsync(new PutItemRequest { TableName = _table, Item = SyncRunItem.ToItem(run, runId) }, cancellationToken);
    }

    /// <summary>Recent runs, newest first, one page at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was not given out by this list.</exception>
    public async Task<Page<SyncRun>> ListRecentAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var (items, next) = await NewestFirstPartition.QueryAsync(dynamoDb, _table, Table.RunPartition, ListScope, page, cancellationToken);
        return new Page<SyncRun>([.. items.Select(SyncRunItem.FromItem)], next);
    }

    /// <summary>One run by id (either case); null when unknown or not a run id at all.</summary>
    public async Task<SyncRun?> FindAsync(string runId, CancellationToken cancellationToken)
    {
        if (!SyncRunItem.TryNormalizeRunId(runId, out var id))
        {
            return null;
        }

        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = SyncRunItem.Key(id), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? SyncRunItem.FromItem(item) : null;
    }
}
