using GistCloud.Core.Domain.Gists;
using GistCloud.Fakes.Pipedrive;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>
/// The stored Pipedrive person of a user can vanish (deleted or merged away in Pipedrive): the outbox notices on the
/// first refused creation, replaces the person and publishes without spending attempts; a refusal that is not the
/// person's still fails the gist.
/// </summary>
public class PipedrivePersonTests
{
    [Fact]
    public async Task A_deleted_person_is_replaced_and_the_gist_published_to_the_new_one()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("merged-away", gists: 1);
        await harness.RunAsync();
        var oldPerson = (await harness.Users.FindAsync(user, default))!.SyncState.PipedrivePersonId!.Value;
        Assert.True(harness.Pipedrive.Data.RemovePerson(oldPerson));
        var added = harness.GitHub.AddGist("merged-away", description: "after the merge");

        var run = await harness.RunAsync();

        Assert.Equal(1, run.Figures.GistsPublished);
        Assert.Empty(run.Errors);
        var newPerson = Assert.Single(harness.Pipedrive.Data.Persons);
        Assert.NotEqual(oldPerson, newPerson.Id);
        Assert.Equal("merged-away (GitHub)", newPerson.Name);
        Assert.Equal(newPerson.Id, (await harness.Users.FindAsync(user, default))!.SyncState.PipedrivePersonId);
        var stored = await harness.StoredGistsAsync(user);
        Assert.All(stored, g => Assert.Equal(PublishStatus.Published, g.Pipedrive.Status));
        var gist = Assert.Single(stored, g => g.Id == added.Id);
        Assert.Equal(1, gist.Pipedrive.Attempts);
        var activity = Assert.Single(harness.Pipedrive.Data.Activities, a => a.Id == gist.Pipedrive.ItemId);
        Assert.Equal(newPerson.Id, activity.PersonId);
        Assert.Single(harness.Pipedrive.Requests, r => r.Is("GET", $"/api/v2/persons/{oldPerson}"));
    }

    [Fact]
    public async Task A_refused_creation_for_a_person_who_exists_still_fails_the_gist()
    {
        await using var harness = await SyncHarness.StartAsync();
        var user = await harness.TrackAsync("refused-gist", gists: 2);
        harness.Pipedrive.FailNext(count: 2, statusCode: 400, pathPrefix: "/api/v2/activities");

        var run = await harness.RunAsync();

        Assert.Equal(0, run.Figures.GistsPublished);
        var person = Assert.Single(harness.Pipedrive.Data.Persons);
        Assert.Equal(1, harness.Pipedrive.Data.Created(FakePipedriveKind.Person));
        Assert.Equal(person.Id, (await harness.Users.FindAsync(user, default))!.SyncState.PipedrivePersonId);
        Assert.All(await harness.StoredGistsAsync(user), g => Assert.Equal((PublishStatus.Failed, 1), (g.Pipedrive.Status, g.Pipedrive.Attempts)));
        Assert.Single(harness.Pipedrive.Requests, r => r.Is("GET", $"/api/v2/persons/{person.Id}")); // once per user per run
    }
}
