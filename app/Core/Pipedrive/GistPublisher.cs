using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.Pipedrive;

/// <summary>
/// The publishing rules: one Pipedrive person per GitHub user, and per gist one activity (or deal with a note) linked
/// to that person. The outbox (which gists are pending, attempts, statuses) is the caller's; this type only makes
/// each attempt safe to repeat.
/// </summary>
public sealed partial class GistPublisher
{
    private readonly PipedriveClient _pipedrive;
    private readonly PipedriveOptions _options;
    private readonly ILogger<GistPublisher> _logger;

    public GistPublisher(PipedriveClient pipedrive, IOptions<PipedriveOptions> options, ILogger<GistPublisher> logger)
    {
        _pipedrive = pipedrive;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>False without a Pipedrive token: gists are then stored as <c>disabled</c> and nothing is published.</summary>
    public bool IsEnabled => _options.IsEnabled;

    public PipedriveMode Mode => _options.Mode;

    /// <summary>
    /// The Pipedrive person's name for a GitHub user: <c>{username} (GitHub)</c>. The suffix keeps it apart from a real
    /// contact of the same name; the name is how the person is found again when its id was not stored.
    /// </summary>
    public static string PersonName(GitHubUsername username) => $"{username.Value} (GitHub)";

    /// <summary>
    /// The user's person id: <paramref name="knownPersonId"/> when the caller remembered it (no call), else the person
    /// found by <see cref="PersonName"/>, else a new one. Finding first makes a crash between "created" and
    /// "id stored" harmless.
    /// </summary>
    public async Task<PipedriveResult<long>> EnsurePersonAsync(GitHubUsername username, long? knownPersonId, CancellationToken cancellationToken)
    {
        if (knownPersonId is { } known)
        {
            return PipedriveResult<long>.Success(known);
        }

        var name = PersonName(username);
        var found = await _pipedrive.FindPersonAsync(name, cancellationToken);
        if (!found.IsSuccess)
        {
            return PipedriveResult<long>.Failed(found.Failure);
        }

        if (found.Value is { } id)
        {
            return PipedriveResult<long>.Success(id);
        }

        var created = await _pipedrive.CreatePersonAsync(name, cancellationToken);
        if (created.IsSuccess)
        {
            LogPersonCreated(created.Value, username.Value);
        }

        return created;
    }

    /// <summary>Whether the stored person still exists in Pipedrive (someone may have deleted or merged it away).</summary>
    public Task<PipedriveResult<bool>> PersonExistsAsync(long personId, CancellationToken cancellationToken) =>
        _pipedrive.PersonExistsAsync(personId, cancellationToken);

    /// <summary>
    /// Publishes the gist as an activity or a deal (per <see cref="PipedriveOptions.Mode"/>) linked to the person.
    /// Pass <paramref name="previousAttemptUncertain"/> when an earlier attempt failed with
    /// <see cref="PipedriveFailure.MayHaveCreated"/> (or when unsure: it costs one list request): the item is then
    /// looked up by its marker first and returned instead of created twice.
    /// </summary>
    public Task<PipedriveResult<PublishedItem>> PublishAsync(Gist gist, long personId, bool previousAttemptUncertain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gist);
        var note = GistNote.For(gist);
        return _options.Mode == PipedriveMode.Deal
            ? PublishDealAsync(gist, note, personId, previousAttemptUncertain, cancellationToken)
            : PublishActivityAsync(gist, note, personId, previousAttemptUncertain, cancellationToken);
    }

    private async Task<PipedriveResult<PublishedItem>> PublishActivityAsync(
        Gist gist, GistNote note, long personId, bool previousAttemptUncertain, CancellationToken cancellationToken)
    {
        if (previousAttemptUncertain)
        {
            var existing = await _pipedrive.FindActivityByMarkerAsync(personId, note.ActivityMarker, cancellationToken);
            if (!existing.IsSuccess)
            {
                return PipedriveResult<PublishedItem>.Failed(existing.Failure);
            }

            if (existing.Value is { } id)
            {
                LogFoundExisting(gist.Id, PipedriveMode.Activity, id);
                return PipedriveResult<PublishedItem>.Success(new(PipedriveMode.Activity, id, FoundExisting: true));
            }
        }

        var created = await _pipedrive.CreateActivityAsync(note.Subject, note.NoteHtml, personId, cancellationToken);
        return created.IsSuccess
            ? PipedriveResult<PublishedItem>.Success(new(PipedriveMode.Activity, created.Value, FoundExisting: false))
            : PipedriveResult<PublishedItem>.Failed(created.Failure);
    }

    /// <summary>A deal takes two creations (deal, then note): either may have happened before a failure, so both are looked for.</summary>
    private async Task<PipedriveResult<PublishedItem>> PublishDealAsync(
        Gist gist, GistNote note, long personId, bool previousAttemptUncertain, CancellationToken cancellationToken)
    {
        long? existingDeal = null;
        if (previousAttemptUncertain)
        {
            var found = await _pipedrive.FindDealByMarkerAsync(personId, note.DealMarker, cancellationToken);
            if (!found.IsSuccess)
            {
                return PipedriveResult<PublishedItem>.Failed(found.Failure);
            }

            existingDeal = found.Value;
        }

        long dealId;
        if (existingDeal is { } existing)
        {
            LogFoundExisting(gist.Id, PipedriveMode.Deal, existing);
            dealId = existing;
            var hasNote = await _pipedrive.FindDealNoteByMarkerAsync(dealId, note.ActivityMarker, cancellationToken);
            if (!hasNote.IsSuccess)
            {
                return PipedriveResult<PublishedItem>.Failed(hasNote.Failure with { MayHaveCreated = true });
            }

            if (hasNote.Value is not null)
            {
                return PipedriveResult<PublishedItem>.Success(new(PipedriveMode.Deal, dealId, FoundExisting: true));
            }
        }
        else
        {
            var created = await _pipedrive.CreateDealAsync(note.DealTitle, personId, cancellationToken);
            if (!created.IsSuccess)
            {
                return PipedriveResult<PublishedItem>.Failed(created.Failure);
            }

            dealId = created.Value;
        }

        var added = await _pipedrive.AddDealNoteAsync(dealId, note.NoteHtml, cancellationToken);
        return added.IsSuccess
            ? PipedriveResult<PublishedItem>.Success(new(PipedriveMode.Deal, dealId, FoundExisting: existingDeal is not null))
            // The deal exists now, so the next attempt must find it rather than create another.
            : PipedriveResult<PublishedItem>.Failed(added.Failure with { MayHaveCreated = true, Message = $"Deal {dealId} was created but its note was not: {added.Failure.Message}" });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Pipedrive person {PersonId} for {Username}")]
    private partial void LogPersonCreated(long personId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gist {GistId} was already in Pipedrive as {ItemKind} {ItemId}: found by its marker, not created again")]
    private partial void LogFoundExisting(string gistId, PipedriveMode itemKind, long itemId);
}
