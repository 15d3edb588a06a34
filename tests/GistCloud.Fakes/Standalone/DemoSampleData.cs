using GistCloud.Fakes.GitHub;

namespace GistCloud.Fakes.Standalone;

/// <summary>One more user for the demo, with gists spread over the past year so the per-month chart has a shape.</summary>
public static class DemoSampleData
{
    private static readonly (int DaysAgo, string Description, string File)[] Gists =
    [
        (340, "Dotfiles: a sane .bashrc", ".bashrc"),
        (300, "jq one-liners I keep forgetting", "jq.md"),
        (260, "Postgres: find unused indexes", "unused_indexes.sql"),
        (250, "Retry with jittered backoff", "backoff.ts"),
        (190, "Tiny Makefile template", "Makefile"),
        (120, "Git aliases", "gitconfig"),
        (95, "Bash strict mode explained", "strict.sh"),
        (90, "Python: chunk an iterable", "chunks.py"),
        (88, "C#: records with validation", "Money.cs"),
        (40, "curl cheatsheet", "curl.md"),
        (12, "Debounce in 10 lines", "debounce.js"),
        (3, "<script>alert('descriptions are text, not HTML')</script>", "escape-test.html"),
    ];

    public static void Seed(FakeGitHubServer github, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(github);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        github.AddUser("monalisa", "Mona Lisa Octocat");
        foreach (var (daysAgo, description, file) in Gists)
        {
            github.AddGist("monalisa", description: description, createdAt: now.AddDays(-daysAgo), files: [new FakeGistFile(file, 100 + daysAgo)]);
        }
    }
}
