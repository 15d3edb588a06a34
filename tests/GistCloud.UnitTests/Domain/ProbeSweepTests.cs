using GistCloud.Core.Domain.Users;

namespace GistCloud.UnitTests.Domain;

public class ProbeSweepTests
{
    private static readonly DateTimeOffset SweptAt = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    private static TrackedUser User(UserStatus status = UserStatus.Ok, string? signature = "3|abc|2026-11-01T10:00:00Z", int addedHoursBefore = 5, int syncedHoursBefore = 3) =>
        new(GitHubUsername.Parse("octocat"), null, null, null, SweptAt.AddHours(-addedHoursBefore), SweptAt.AddHours(-syncedHoursBefore), 3, status, null,
            new UserSyncState(ProbeSignature: signature));

    [Fact]
    public void A_synced_ok_user_added_before_the_sweep_was_synced_at_the_sweep() =>
        Assert.Equal(SweptAt, User().WithProbeSweep(SweptAt).LastSyncedAt);

    [Theory]
    [InlineData(UserStatus.Error, "3|abc|2026-11-01T10:00:00Z", 5, 3)] // the run wrote its failure
    [InlineData(UserStatus.NotFound, "3|abc|2026-11-01T10:00:00Z", 5, 3)]
    [InlineData(UserStatus.Ok, null, 5, 3)] // never confirmed by a probe
    [InlineData(UserStatus.Ok, "3|abc|2026-11-01T10:00:00Z", -1, -2)] // added after the run started
    [InlineData(UserStatus.Ok, "3|abc|2026-11-01T10:00:00Z", 5, -1)] // written later than the sweep
    public void The_sweep_vouches_for_no_one_else(UserStatus status, string? signature, int addedHoursBefore, int syncedHoursBefore)
    {
        var user = User(status, signature, addedHoursBefore, syncedHoursBefore);
        Assert.Equal(user.LastSyncedAt, user.WithProbeSweep(SweptAt).LastSyncedAt);
    }

    [Fact]
    public void Without_a_sweep_nothing_changes()
    {
        var user = User();
        Assert.Same(user, user.WithProbeSweep(null));
    }
}
