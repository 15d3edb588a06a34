namespace GistCloud.Core.Pipedrive;

/// <summary>
/// The activity type key resolved from <c>GET /api/v1/activityTypes</c>, kept for the process's lifetime. A singleton
/// apart from <see cref="PipedriveClient"/> because typed clients are transient.
/// </summary>
public sealed class PipedriveActivityTypeCache
{
    private string? _key;

    // Two first calls racing both resolve and store the same key: harmless, so no lock.
    internal string? Key
    {
        get => Volatile.Read(ref _key);
        set => Volatile.Write(ref _key, value);
    }
}
