using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Users;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>Unique names and ready-made records, so tests never depend on each other's data.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A valid GitHub login nobody else in the run uses.</summary>
    public static GitHubUsername NewUsername(string stem = "user") =>
        GitHubUsername.Parse($"{stem}-{Guid.NewGuid():N}"[..Math.Min(39, stem.Length + 13)]);

    public static TrackedUser NewUser(GitHubUsername? username = null) => new(
        username ?? NewUsername(),
        DisplayName: "Mona Lisa Octocat",
        AvatarUrl: "https://avatars.example/u/1",
        HtmlUrl: "https://github.com/octocat",
        AddedAt: Epoch,
        LastSyncedAt: null,
        GistCount: 0,
        UserStatus.Ok,
        LastError: null);

    /// <summary>A tracked user, stored.</summary>
    public static async Task<GitHubUsername> AddUserAsync(this UserStore users)
    {
        var user = NewUser();
        Assert.True(await users.TryAddAsync(user, CancellationToken.None));
        return user.Username;
    }

    public static ListedGist Gist(string id, DateTimeOffset? createdAt = null) => new(
        id,
        $"Gist {id}",
        $"https://gist.github.com/{id}",
        createdAt ?? Epoch,
        (createdAt ?? Epoch).AddHours(1),
        [new GistFile($"{id}.cs", "C#", $"https://gist.githubusercontent.com/raw/{id}.cs", 42)]);

    /// <summary><paramref name="count"/> gists with ids <c>{prefix}0000…</c>, created one minute apart.</summary>
    public static List<ListedGist> Gists(int count, string prefix = "g", int start = 0) =>
        [.. Enumerable.Range(start, count).Select(i => Gist($"{prefix}{i:D4}", Epoch.AddMinutes(i)))];

    public static Task<GistStoreResult> AddAsync(this GistStore store, GitHubUsername owner, IReadOnlyList<ListedGist> gists) =>
        store.SaveListingAsync(owner, gists, PublishStatus.Pending, CancellationToken.None);
}
