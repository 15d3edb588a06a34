using GistCloud.Core.Pipedrive;
using GistCloud.Fakes.Pipedrive;

namespace GistCloud.IntegrationTests.Pipedrive;

/// <summary>
/// Pipedrive has no idempotency keys: when an attempt may have created the item without us learning its id, the next
/// attempt finds it by its marker instead of creating a second one.
/// </summary>
public sealed class PipedriveCrashSafetyTests
{
    [Fact]
    public async Task An_activity_created_before_a_lost_answer_is_found_on_the_uncertain_retry_and_Pipedrive_holds_exactly_one()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist();
        harness.Pipedrive.FailAfterCreate(1, pathPrefix: "/api/v2/activities");

        var first = await harness.Publisher.PublishAsync(gist, person, previousAttemptUncertain: false, CancellationToken.None);
        var second = await harness.NewPublisher().PublishAsync(gist, person, previousAttemptUncertain: first.Failure!.MayHaveCreated, CancellationToken.None);

        Assert.Equal(PipedriveFailureKind.Unavailable, first.Failure.Kind);
        Assert.True(first.Failure.MayHaveCreated);
        var activity = Assert.Single(harness.Pipedrive.Data.Activities);
        Assert.Equal(new PublishedItem(PipedriveMode.Activity, activity.Id, FoundExisting: true), second.Value);
        Assert.Equal(1, harness.Pipedrive.Data.Created(FakePipedriveKind.Activity));
        Assert.Equal(
            ["GET /api/v1/activityTypes", "POST /api/v2/activities", "GET /api/v2/activities"],
            harness.Pipedrive.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(person.ToString(System.Globalization.CultureInfo.InvariantCulture), harness.Pipedrive.Log.To("GET", "/api/v2/activities")[0].Query["person_id"]);
    }

    [Fact]
    public async Task The_marker_search_follows_v2_cursors_through_every_page_of_the_persons_activities()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "task");
        harness.Pipedrive.Pipedrive.MaxPageSize = 2;
        var person = harness.SeedPerson();
        for (var i = 0; i < 4; i++)
        {
            harness.Pipedrive.Data.AddActivity(person, $"Gist: older {i}", "<p>another gist</p>");
        }

        var gist = PipedriveHarness.Gist();
        harness.Pipedrive.FailAfterCreate(1, pathPrefix: "/api/v2/activities");
        var first = await harness.Publisher.PublishAsync(gist, person, false, CancellationToken.None);

        var second = await harness.Publisher.PublishAsync(gist, person, first.Failure!.MayHaveCreated, CancellationToken.None);

        Assert.True(second.Value!.FoundExisting);
        Assert.Equal(harness.Pipedrive.Data.Activities[^1].Id, second.Value.Id);
        Assert.Equal(5, harness.Pipedrive.Data.Activities.Count);
        var pages = harness.Pipedrive.Log.To("GET", "/api/v2/activities");
        Assert.Equal(3, pages.Count);
        Assert.False(pages[0].Query.ContainsKey("cursor"));
        Assert.All(pages.Skip(1), page => Assert.True(page.Query.ContainsKey("cursor")));
    }

    [Fact]
    public async Task An_uncertain_retry_that_finds_nothing_creates_the_activity_and_a_mere_mention_of_the_gist_url_is_not_a_match()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "task");
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist();

        // Another gist whose description quotes this gist's URL: its note holds the URL as text, not as our link.
        harness.Pipedrive.Data.AddActivity(person, "Gist: v2 of my helpers", $"<p>v2 of {gist.HtmlUrl}</p>");

        var result = await harness.Publisher.PublishAsync(gist, person, previousAttemptUncertain: true, CancellationToken.None);

        Assert.False(result.Value!.FoundExisting);
        Assert.Equal(2, harness.Pipedrive.Data.Activities.Count);
        Assert.Equal(1, harness.Pipedrive.Data.Created(FakePipedriveKind.Activity));
    }

    [Fact]
    public async Task A_deal_created_before_a_lost_answer_is_found_on_the_uncertain_retry_and_gets_its_one_note()
    {
        await using var harness = await PipedriveHarness.StartAsync(mode: "deal");
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist();
        harness.Pipedrive.FailAfterCreate(1, pathPrefix: "/api/v2/deals");

        var first = await harness.Publisher.PublishAsync(gist, person, false, CancellationToken.None);
        var second = await harness.Publisher.PublishAsync(gist, person, first.Failure!.MayHaveCreated, CancellationToken.None);

        Assert.True(first.Failure.MayHaveCreated);
        var deal = Assert.Single(harness.Pipedrive.Data.Deals);
        Assert.Equal(new PublishedItem(PipedriveMode.Deal, deal.Id, FoundExisting: true), second.Value);
        Assert.Equal(deal.Id, Assert.Single(harness.Pipedrive.Data.Notes).DealId);
    }

    [Fact]
    public async Task A_deal_whose_note_failed_is_completed_on_the_retry_without_a_second_deal_or_note()
    {
        await using var harness = await PipedriveHarness.StartAsync(mode: "deal");
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist();
        harness.Pipedrive.FailAfterCreate(1, pathPrefix: "/api/v1/notes"); // the note is stored, its answer lost

        var first = await harness.Publisher.PublishAsync(gist, person, false, CancellationToken.None);
        var second = await harness.Publisher.PublishAsync(gist, person, first.Failure!.MayHaveCreated, CancellationToken.None);
        harness.Pipedrive.FailNext(1, 500, pathPrefix: "/api/v1/notes"); // and once more, with the note not stored
        var third = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "other"), person, false, CancellationToken.None);
        var fourth = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "other"), person, third.Failure!.MayHaveCreated, CancellationToken.None);

        Assert.Contains("was created but its note was not", first.Failure.Message, StringComparison.Ordinal);
        Assert.True(second.Value!.FoundExisting);
        Assert.True(third.Failure.MayHaveCreated);
        Assert.True(fourth.Value!.FoundExisting);
        Assert.Equal(2, harness.Pipedrive.Data.Deals.Count);
        Assert.Equal(
            harness.Pipedrive.Data.Deals.Select(d => d.Id),
            harness.Pipedrive.Data.Notes.Select(n => n.DealId!.Value));
    }
}
