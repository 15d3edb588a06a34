using System.Globalization;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Pipedrive;

namespace GistCloud.IntegrationTests.Pipedrive;

public sealed class GistPublisherActivityTests
{
    [Fact]
    public async Task Publishing_creates_one_open_activity_due_today_linked_through_participants_with_the_task_type()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        var person = harness.SeedPerson();

        var result = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, previousAttemptUncertain: false, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var activity = Assert.Single(harness.Pipedrive.Data.Activities);
        Assert.Equal(new PublishedItem(PipedriveMode.Activity, activity.Id, FoundExisting: false), result.Value);
        Assert.Equal(("Gist: Handy shell helpers", "task", false, person), (activity.Subject, activity.Type, activity.Done, activity.PersonId));
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), activity.DueDate);

        var sent = Assert.Single(harness.Pipedrive.Log.To("POST", "/api/v2/activities")).Json!.AsObject();
        Assert.False(sent.ContainsKey("person_id")); // read-only in v2: the fake would answer 400
        var participant = Assert.Single(sent["participants"]!.AsArray())!;
        Assert.Equal((person, true), (participant["person_id"]!.GetValue<long>(), participant["primary"]!.GetValue<bool>()));
        Assert.Equal(
            ["GET /api/v1/activityTypes", "POST /api/v2/activities"],
            harness.Pipedrive.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task The_note_links_the_gist_and_lists_its_files_with_every_user_provided_string_HTML_encoded()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        var person = harness.SeedPerson();
        var gist = PipedriveHarness.Gist(
            description: "<script>alert(\"pwned\")</script> & <b>bold</b>",
            files: [new GistFile("a<b>.cs", "C#", null, 10), new GistFile("notes \"x\".md", null, null, 5)]);

        await harness.Publisher.PublishAsync(gist, person, previousAttemptUncertain: false, CancellationToken.None);

        var note = Assert.Single(harness.Pipedrive.Data.Activities).Note!;
        Assert.Contains("<a href=\"https://gist.github.com/octocat/aa5a315d61ae9438b18d\">", note, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", note, StringComparison.Ordinal);
        Assert.Contains("<li>a&lt;b&gt;.cs (C#)</li>", note, StringComparison.Ordinal);
        Assert.Contains("<li>notes &quot;x&quot;.md</li>", note, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", note, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subject_names_the_gist_by_description_else_first_file_on_one_line_and_shortened()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        var person = harness.SeedPerson();

        await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "g1", description: "  multi\nline\tdescription  "), person, false, CancellationToken.None);
        await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "g2", description: "", files: new GistFile("deploy.yml", "YAML", null, 1)), person, false, CancellationToken.None);
        await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "g3", description: new string('x', 300)), person, false, CancellationToken.None);

        var subjects = harness.Pipedrive.Data.Activities.Select(a => a.Subject!).ToList();
        Assert.Equal("Gist: multi line description", subjects[0]);
        Assert.Equal("Gist: deploy.yml", subjects[1]);
        Assert.Equal("Gist: " + new string('x', 79) + "…", subjects[2]);
    }

    [Fact]
    public async Task The_activity_type_is_read_once_per_process_and_falls_back_to_the_first_active_type_without_task()
    {
        await using var harness = await PipedriveHarness.StartAsync();
        harness.Pipedrive.Data.SetActivityTypes([new(1, "Call", "call", Active: false), new(7, "Follow-up", "follow_up"), new(8, "Email", "email")]);
        var person = harness.SeedPerson();

        await harness.Publisher.PublishAsync(PipedriveHarness.Gist(id: "g1"), person, false, CancellationToken.None);
        await harness.NewPublisher().PublishAsync(PipedriveHarness.Gist(id: "g2"), person, false, CancellationToken.None);

        Assert.Equal(["follow_up", "follow_up"], harness.Pipedrive.Data.Activities.Select(a => a.Type));
        Assert.Single(harness.Pipedrive.Log.To("GET", "/api/v1/activityTypes"));
    }

    [Fact]
    public async Task A_configured_activity_type_is_used_without_reading_the_activity_types()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "meeting");
        var person = harness.SeedPerson();

        var result = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, false, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        Assert.Equal("meeting", Assert.Single(harness.Pipedrive.Data.Activities).Type);
        Assert.Empty(harness.Pipedrive.Log.To("GET", "/api/v1/activityTypes"));
    }

    [Fact]
    public async Task An_activity_type_Pipedrive_does_not_know_is_a_Rejected_failure_with_Pipedrives_error_text()
    {
        await using var harness = await PipedriveHarness.StartAsync(activityType: "carrier_pigeon");
        var person = harness.SeedPerson();

        var result = await harness.Publisher.PublishAsync(PipedriveHarness.Gist(), person, false, CancellationToken.None);

        Assert.Equal(PipedriveFailureKind.Rejected, result.Failure?.Kind);
        Assert.Contains("carrier_pigeon", result.Failure!.Message, StringComparison.Ordinal);
        Assert.False(result.Failure.MayHaveCreated);
        Assert.Equal(400, Assert.Single(harness.Pipedrive.Requests).StatusCode);
        Assert.Empty(harness.Pipedrive.Data.Activities);
    }
}
