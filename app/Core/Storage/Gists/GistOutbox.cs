using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;

namespace GistCloud.Core.Storage.Gists;

/// <summary>
/// The Pipedrive outbox over the gists table. A gist is in it while it carries <c>outboxSeq</c> (its seq): set when
/// stored pending, kept while attempts are left, removed when published or when its attempts are spent. Every
/// transition is one conditional UpdateItem on the gist still being stored, so a removed user's gist never comes back.
/// </summary>
public sealed partial class GistOutbox(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options, ILogger<GistOutbox> logger)
{
    // Conditional writes that guessed the attempt count wrong re-read it; more rounds mean a writer keeps racing us.
    private const int MaxOutboxRounds = 3;

    private readonly string _table = Table.Definition.TableName(options.Value.TablePrefix);

    /// <summary>
    /// The user's gists waiting for Pipedrive (pending, or failed with attempts left), oldest stored first: one
    /// consistent Query of the outbox index, so a gist stored a moment ago is already there. The index holds exactly
    /// the outbox (<see cref="MarkFailedAsync"/> takes gists out when <paramref name="maxAttempts"/> is reached), so
    /// nothing is filtered: a gist whose last attempt was cut short by a crash is listed, with its Attempts and
    /// OutcomeUncertain saying so, for the caller to settle.
    /// </summary>
    public async Task<IReadOnlyList<Gist>> ListOutboxAsync(GitHubUsername owner, int maxAttempts, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var response = await dynamoDb.QueryAsync(
            new QueryRequest
            {
                TableName = _table,
                IndexName = Table.ByOutboxIndex,
                KeyConditionExpression = "#username = :username",
                ExpressionAttributeNames = new() { ["#username"] = Table.Username },
                ExpressionAttributeValues = new() { [":username"] = S(owner.Value) },
                ScanIndexForward = true,
                ConsistentRead = true,
                Limit = limit,
            },
            cancellationToken);
        return [.. (response.Items ?? []).Select(GistItem.FromItem)];
    }

    /// <summary>
    /// Records that a publish attempt starts: attempts + 1 and <c>OutcomeUncertain</c> set, BEFORE Pipedrive is
    /// called, so a crash before <see cref="MarkPublishedAsync"/> leaves the mark the next attempt checks.
    /// Returns the state before this attempt (its OutcomeUncertain says whether an earlier attempt may have created the item).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The gist is not in the outbox (published, spent or disabled: publishing it again would duplicate it), or no longer stored.
    /// </exception>
    public async Task<PipedriveState> BeginAttemptAsync(GitHubUsername owner, string gistId, CancellationToken cancellationToken)
    {
        var update = new ItemUpdate()
            .SetExpression(Table.PipedriveAttempts, "#pipedriveAttempts = if_not_exists(#pipedriveAttempts, :zero) + :one")
            .Value(":zero", N(0))
            .Value(":one", N(1))
            .Set(Table.PipedriveUncertain, Bool(true));
        var request = update.ToRequest(_table, GistItem.Key(owner, gistId), $"attribute_exists({update.Name(Table.OutboxSeq)})");
        request.ReturnValues = ReturnValue.ALL_OLD;
        request.ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD;
        try
        {
            var response = await dynamoDb.UpdateItemAsync(request, cancellationToken);
            return GistItem.PipedriveStateFromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw e.Item is { Count: > 0 } item
                ? new InvalidOperationException($"Gist {gistId} of {owner} is not waiting for Pipedrive (it is {item.OptionalString(Table.PipedriveStatus)}).", e)
                : new InvalidOperationException($"Gist {gistId} of {owner} is no longer stored.", e);
        }
    }

    /// <summary>Published: status, item id; leaves the outbox; uncertainty and error cleared. A no-op for a gist removed meanwhile.</summary>
    public async Task MarkPublishedAsync(GitHubUsername owner, string gistId, long itemId, CancellationToken cancellationToken)
    {
        var update = new ItemUpdate()
            .Set(Table.PipedriveStatus, S(GistItem.StatusText(PublishStatus.Published)))
            .Set(Table.PipedriveItemId, N(itemId))
            .Set(Table.PipedriveUncertain, Bool(false))
            .Remove(Table.PipedriveError)
            .Remove(Table.OutboxSeq);
        await TryUpdateStoredAsync(owner, gistId, update, extraCondition: null, cancellationToken);
    }

    /// <summary>
    /// The attempt failed: status <c>failed</c> with the error; <paramref name="outcomeUncertain"/> kept for the next
    /// attempt; the gist stays in the outbox while it has attempts left (<paramref name="maxAttempts"/>).
    /// </summary>
    public async Task MarkFailedAsync(GitHubUsername owner, string gistId, string error, bool outcomeUncertain, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);

        // Whether to stay in the outbox depends on the stored count: guess "attempts left" (the common case), and let
        // the condition correct the guess instead of reading first.
        var spent = false;
        for (var round = 1; ; round++)
        {
            var update = new ItemUpdate()
                .Set(Table.PipedriveStatus, S(GistItem.StatusText(PublishStatus.Failed)))
                .Set(Table.PipedriveError, S(error))
                .Set(Table.PipedriveUncertain, Bool(outcomeUncertain))
                .Value(":maxAttempts", N(maxAttempts));
            if (spent)
            {
                update.Remove(Table.OutboxSeq);
            }
            else
            {
                StayInOutbox(update);
            }

            var condition = $"{update.Name(Table.PipedriveAttempts)} {(spent ? ">=" : "<")} :maxAttempts";
            var outcome = await TryUpdateStoredAsync(owner, gistId, update, condition, cancellationToken);
            if (outcome.Updated && spent)
            {
                LogOutboxAttemptsSpent(owner.Value, gistId, maxAttempts);
            }

            if (outcome.Updated || outcome.Current is null)
            {
                return;
            }

            if (round == MaxOutboxRounds)
            {
                throw new InvalidOperationException($"Gist {gistId} of {owner}: its attempt count kept changing while marking it failed.");
            }

            spent = (outcome.Current.OptionalNumber(Table.PipedriveAttempts) ?? 0) >= maxAttempts;
        }
    }

    /// <summary>
    /// The attempt did not reach Pipedrive's decision (rate limited before anything was created): the attempt is
    /// given back (attempts - 1, uncertainty as before the attempt) and the error kept; the gist stays pending.
    /// </summary>
    public async Task DeferAttemptAsync(GitHubUsername owner, string gistId, string error, bool outcomeUncertain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (var giveBack = true; ; giveBack = false)
        {
            var update = StayInOutbox(new ItemUpdate()
                .Set(Table.PipedriveStatus, S(GistItem.StatusText(PublishStatus.Pending)))
                .Set(Table.PipedriveError, S(error))
                .Set(Table.PipedriveUncertain, Bool(outcomeUncertain)));
            string? condition = null;
            if (giveBack)
            {
                // Never below 0: DynamoDB has no max(), so the decrement is conditional and the fallback leaves the count.
                update.SetExpression(Table.PipedriveAttempts, "#pipedriveAttempts = #pipedriveAttempts - :one").Value(":one", N(1)).Value(":zero", N(0));
                condition = "#pipedriveAttempts > :zero";
            }

            var outcome = await TryUpdateStoredAsync(owner, gistId, update, condition, cancellationToken);
            if (outcome.Updated || outcome.Current is null || !giveBack)
            {
                return;
            }
        }
    }

    /// <summary>Attempts are left: the gist is (back) in the outbox under its own seq.</summary>
    private static ItemUpdate StayInOutbox(ItemUpdate update) =>
        update.SetExpression(Table.OutboxSeq, $"{update.Name(Table.OutboxSeq)} = {update.Name(Table.Seq)}");

    /// <summary>
    /// Applies <paramref name="update"/> if the gist is stored and <paramref name="extraCondition"/> holds. When it
    /// does not, gives the stored item back (null when the gist is gone: then there is nothing to record, and that is logged).
    /// </summary>
    private async Task<(bool Updated, Dictionary<string, AttributeValue>? Current)> TryUpdateStoredAsync(
        GitHubUsername owner, string gistId, ItemUpdate update, string? extraCondition, CancellationToken cancellationToken)
    {
        var condition = $"attribute_exists({update.Name(Table.GistId)})" + (extraCondition is null ? "" : " AND " + extraCondition);
        var request = update.ToRequest(_table, GistItem.Key(owner, gistId), condition);
        request.ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD;
        try
        {
            await dynamoDb.UpdateItemAsync(request, cancellationToken);
            return (true, null);
        }
        catch (ConditionalCheckFailedException e)
        {
            if (e.Item is not { Count: > 0 })
            {
                LogOutboxGistGone(owner.Value, gistId);
                return (false, null);
            }

            return (false, e.Item);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gist {GistId} of {Username} leaves the Pipedrive outbox as failed: its {MaxAttempts} attempts are spent")]
    private partial void LogOutboxAttemptsSpent(string username, string gistId, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipedrive state of gist {GistId} of {Username} not recorded: the gist is no longer stored")]
    private partial void LogOutboxGistGone(string username, string gistId);
}
