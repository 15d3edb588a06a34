using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>When GitHub's gist list answers an empty 200 for a user who is gone (as docs/DESIGN.md "External APIs" records), the profile decides.</summary>
public class VanishedUserTests
{
    [Fact]
    public async Task A_user_whose_list_turns_empty_and_whose_profile_is_gone_is_marked_not_found()
    {
        await using var gitHub = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { EmptyGistListForUnknownUsers = true });
        await using var harness = await SyncHarness.StartAsync(new() { ["GitHub:BaseUrl"] = gitHub.BaseUrl.ToString() });
        gitHub.AddUser("ghost");
        gitHub.AddGist("ghost", description: "last words");
        var ghost = GitHubUsername.Parse("ghost");
        Assert.True(await harness.Users.TryAddAsync(new TrackedUser(ghost, null, null, null, DateTimeOffset.UtcNow, null, 0, UserStatus.Ok, null), default));
        await harness.RunAsync();
        gitHub.RemoveUser("ghost");

        var run = await harness.RunAsync();

        Assert.Equal(ghost, Assert.Single(run.Errors).Username);
        Assert.Equal(UserStatus.NotFound, (await harness.Users.FindAsync(ghost, default))!.Status);
        Assert.Single(gitHub.Requests, r => r.Path == "/users/ghost");
    }

    [Fact]
    public async Task A_user_with_no_gists_who_exists_stays_ok()
    {
        await using var gitHub = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { EmptyGistListForUnknownUsers = true });
        await using var harness = await SyncHarness.StartAsync(new() { ["GitHub:BaseUrl"] = gitHub.BaseUrl.ToString() });
        gitHub.AddUser("quiet-one");
        var user = GitHubUsername.Parse("quiet-one");
        Assert.True(await harness.Users.TryAddAsync(new TrackedUser(user, null, null, null, DateTimeOffset.UtcNow, null, 0, UserStatus.Ok, null), default));

        var first = await harness.RunAsync();
        gitHub.Log.Clear();
        var second = await harness.RunAsync();

        Assert.Empty(first.Errors);
        Assert.Equal(UserStatus.Ok, (await harness.Users.FindAsync(user, default))!.Status);
        Assert.Equal(1, gitHub.TotalRequests); // the empty list is a 304 now: no profile check
        Assert.Equal(1, gitHub.NotModifiedCount);
        Assert.Equal(SyncRunOutcome.Completed, second.Outcome);
    }
}
