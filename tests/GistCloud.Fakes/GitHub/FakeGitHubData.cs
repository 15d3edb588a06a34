using System.Security.Cryptography;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// Users and their gists. Thread-safe: tests change it while the server answers. Gists are indexed by owner,
/// so one user's list costs that user's gists, not all of them (GraphQL batches ask for 100 users a call).
/// </summary>
public sealed class FakeGitHubData(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeGitHubUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeGist> _gists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _gistIdsByOwner = new(StringComparer.OrdinalIgnoreCase);
    private long _nextUserId = 1_001;

    public FakeGitHubUser AddUser(string login, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        lock (_lock)
        {
            if (_users.ContainsKey(login))
            {
                throw new InvalidOperationException($"The fake GitHub already has a user '{login}'.");
            }

            var user = new FakeGitHubUser(login, _nextUserId++, name, Seconds(time.GetUtcNow()));
            _users[login] = user;
            return user;
        }
    }

    /// <summary>Removes the user and their gists; false when there was no such user.</summary>
    public bool RemoveUser(string login)
    {
        lock (_lock)
        {
            if (!_users.Remove(login))
            {
                return false;
            }

            if (_gistIdsByOwner.Remove(login, out var ids))
            {
                foreach (var id in ids)
                {
                    _gists.Remove(id);
                }
            }

            return true;
        }
    }

    public FakeGitHubUser? FindUser(string login)
    {
        lock (_lock)
        {
            return _users.GetValueOrDefault(login);
        }
    }

    /// <summary>Adds a gist; defaults: a random 32-hex id, now for both timestamps, one text file.</summary>
    public FakeGist AddGist(
        string login,
        string? id = null,
        string? description = null,
        IEnumerable<FakeGistFile>? files = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? updatedAt = null)
    {
        lock (_lock)
        {
            var owner = _users.GetValueOrDefault(login)
                ?? throw new InvalidOperationException($"The fake GitHub has no user '{login}'; add it first.");
            id ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            if (_gists.ContainsKey(id))
            {
                throw new InvalidOperationException($"The fake GitHub already has a gist '{id}'.");
            }

            var created = Seconds(createdAt ?? time.GetUtcNow());
            var gist = new FakeGist(
                id,
                owner.Login,
                description,
                created,
                Seconds(updatedAt ?? created),
                files?.ToList() ?? [new FakeGistFile("gistfile1.txt")]);
            _gists[id] = gist;
            if (!_gistIdsByOwner.TryGetValue(owner.Login, out var ids))
            {
                ids = new HashSet<string>(StringComparer.Ordinal);
                _gistIdsByOwner[owner.Login] = ids;
            }

            ids.Add(id);
            return gist;
        }
    }

    /// <summary>Edits a gist as GitHub would: what is given changes, and <c>updated_at</c> moves (to now by default).</summary>
    public FakeGist UpdateGist(
        string id,
        string? description = null,
        IEnumerable<FakeGistFile>? files = null,
        DateTimeOffset? updatedAt = null)
    {
        lock (_lock)
        {
            var gist = _gists.GetValueOrDefault(id) ?? throw new InvalidOperationException($"The fake GitHub has no gist '{id}'.");
            var updated = gist with
            {
                Description = description ?? gist.Description,
                Files = files?.ToList() ?? gist.Files,
                UpdatedAt = Seconds(updatedAt ?? time.GetUtcNow()),
            };
            _gists[id] = updated;
            return updated;
        }
    }

    public bool RemoveGist(string id)
    {
        lock (_lock)
        {
            if (!_gists.Remove(id, out var gist))
            {
                return false;
            }

            _gistIdsByOwner.GetValueOrDefault(gist.OwnerLogin)?.Remove(id);
            return true;
        }
    }

    /// <summary>The user's gists, newest first (GitHub's order; it is not documented, so the reader does not rely on it).</summary>
    public IReadOnlyList<FakeGist> GistsOf(string login)
    {
        lock (_lock)
        {
            return Owned(login)
                .OrderByDescending(g => g.CreatedAt)
                .ThenBy(g => g.Id, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>How many gists the user has, without copying them.</summary>
    public int GistCountOf(string login)
    {
        lock (_lock)
        {
            return _gistIdsByOwner.GetValueOrDefault(login)?.Count ?? 0;
        }
    }

    /// <summary>The user's gists in no particular order (a snapshot: callers sort as their API does).</summary>
    public IReadOnlyList<FakeGist> UnorderedGistsOf(string login)
    {
        lock (_lock)
        {
            return Owned(login).ToList();
        }
    }

    private IEnumerable<FakeGist> Owned(string login) =>
        _gistIdsByOwner.TryGetValue(login, out var ids) ? ids.Select(id => _gists[id]) : [];

    private static DateTimeOffset Seconds(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
