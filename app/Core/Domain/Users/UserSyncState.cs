namespace GistCloud.Core.Domain.Users;

/// <summary>
/// What the sync remembers per user to keep GitHub cheap and Pipedrive exact.
/// </summary>
/// <param name="Watermark">GitHub's <c>since</c> for the next listing; moves only when new gists were stored.</param>
/// <param name="GistsETag">ETag of the last listing of the URL with this watermark (<c>If-None-Match</c> next time).</param>
/// <param name="PipedrivePersonId">The Pipedrive person of this GitHub user, created once.</param>
/// <param name="LastCheckedAt">When the sync last asked GitHub about this user, whatever the answer.</param>
/// <param name="ProbeSignature">
/// What GitHub's change probe answered when this user was last fully in sync (gist count, newest gist and its update
/// time); a probe answering the same means nothing to list. Null until a probe and a scan agree.
/// </param>
/// <param name="OutboxClearThrough">
/// A gist sequence number up to which the user's Pipedrive outbox was found empty: while the user has no gist after it,
/// a run that stores nothing for the user need not look at the outbox.
/// </param>
public sealed record UserSyncState(
    DateTimeOffset? Watermark = null,
    string? GistsETag = null,
    long? PipedrivePersonId = null,
    DateTimeOffset? LastCheckedAt = null,
    string? ProbeSignature = null,
    long? OutboxClearThrough = null);

/// <summary>The outcome of one scan of one user, recorded in one write.</summary>
/// <param name="Status">Ok, NotFound (GitHub no longer knows the user) or Error.</param>
/// <param name="Error">Null when ok.</param>
/// <param name="SyncedAt">Set when the scan succeeded (a 304 included); null leaves <c>lastSyncedAt</c> as it was.</param>
/// <param name="Watermark">The new watermark, or null to keep the stored one.</param>
/// <param name="GistsETag">The ETag to store; null removes it (e.g. because the watermark moved and the URL changed).</param>
/// <param name="ProbeSignature">The change probe's answer this scan brought the user in line with; null removes it (the next probe lists the user).</param>
public sealed record UserScan(
    UserStatus Status,
    string? Error,
    DateTimeOffset CheckedAt,
    DateTimeOffset? SyncedAt,
    DateTimeOffset? Watermark,
    string? GistsETag,
    string? ProbeSignature = null);
