using System.Security.Cryptography;

namespace GistCloud.Fakes.GitHub;

/// <summary>Users and their gists. Thread-safe: tests change it while the server answers.</summary>
public sealed class FakeGitHubData(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeGitHubUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeGist> _gists = new(StringComparer.Ordinal);
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

            foreach (var gist in _gists.Values.Where(g => Same(g.OwnerLogin, login)).ToList())
            {
                _gists.Remove(gist.Id);
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
            return _gists.Remove(id);
        }
    }

    /// <summary>The user's gists, newest first (GitHub's order; it is not documented, so the reader does not rely on it).</summary>
    public IReadOnlyList<FakeGist> GistsOf(string login)
    {
        lock (_lock)
        {
            return _gists.Values
                .Where(g => Same(g.OwnerLogin, login))
                .OrderByDescending(g => g.CreatedAt)
                .ThenBy(g => g.Id, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset Seconds(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
