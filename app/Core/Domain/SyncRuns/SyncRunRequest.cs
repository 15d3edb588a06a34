using GistCloud.Core.Domain.Actors;

namespace GistCloud.Core.Domain.SyncRuns;

/// <summary>
/// A request for one sync run, as the API queues it and the sync worker takes it: the run id the API already answered
/// with, so the run is recorded under the id the caller holds, and who asked, so the worker's record keeps it.
/// </summary>
/// <param name="RunId">32 lower-case hex digits: a version 7 GUID in "N" format.</param>
/// <param name="RequestedAt">When the API queued it.</param>
/// <param name="RequestedBy">Who asked; null in requests queued before it was sent.</param>
public sealed record SyncRunRequest(string RunId, DateTimeOffset RequestedAt, Actor? RequestedBy = null);
