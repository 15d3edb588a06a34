namespace GistCloud.Fakes.GitHub;

/// <summary>A few users with gists, so the offline demo has something to show.</summary>
public static class FakeGitHubSampleData
{
    public static void Seed(FakeGitHubServer github, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(github);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();

        github.AddUser("octocat", "The Octocat");
        github.AddGist("octocat", description: "Hello World Examples", createdAt: now.AddDays(-30),
            files: [new FakeGistFile("hello_world.rb", 167), new FakeGistFile("hello_world.py", 112)]);
        github.AddGist("octocat", description: "A tiny HTTP server", createdAt: now.AddDays(-7),
            files: [new FakeGistFile("server.go", 640)]);
        github.AddGist("octocat", description: null, createdAt: now.AddHours(-5),
            files: [new FakeGistFile("notes.md", 1_024)]);

        github.AddUser("gistcloud-demo", "GistCloud Demo");
        github.AddGist("gistcloud-demo", description: "Minimal API in one file", createdAt: now.AddDays(-2),
            files: [new FakeGistFile("Program.cs", 890)]);
        github.AddGist("gistcloud-demo", description: "DynamoDB Local in one command", createdAt: now.AddMinutes(-40),
            files: [new FakeGistFile("dynamodb-local.sh", 310), new FakeGistFile("README.md", 205)]);
    }
}
