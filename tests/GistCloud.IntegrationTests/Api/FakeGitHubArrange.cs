using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Arranging data on the fake GitHub the way API tests need it.</summary>
internal static class FakeGitHubArrange
{
    private static int _counter;

    /// <summary>Adds <paramref name="count"/> gists created one minute apart (newest now), each with a described file.</summary>
    public static void AddGists(this FakeGitHubServer gitHub, string login, int count)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _counter);
            gitHub.AddGist(
                login,
                description: $"Gist {n} of {login}",
                files: [new FakeGistFile($"snippet{n}.cs", 100 + n), new FakeGistFile("README.md", 10)],
                createdAt: now.AddMinutes(-count + i).AddSeconds(-n % 60));
        }
    }

    public static IReadOnlyList<FakeGist> GistsOf(this FakeGitHubServer gitHub, string login) => gitHub.Data.GistsOf(login);

    public static IEnumerable<string> GistIdsOf(this FakeGitHubServer gitHub, string login) => gitHub.Data.GistsOf(login).Select(g => g.Id);

    public static string HtmlUrl(this FakeGist gist) => $"https://gist.github.com/{gist.Id}";
}
