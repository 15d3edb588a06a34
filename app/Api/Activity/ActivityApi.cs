using GistCloud.Api.Errors;
using GistCloud.Api.Paging;
using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Storage.Activity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GistCloud.Api.Activity;

/// <summary><c>/api/activity</c>: who added and removed users and asked for sync runs, newest first (kept 90 days).</summary>
internal static class ActivityApi
{
    public static RouteGroupBuilder MapActivity(this RouteGroupBuilder group)
    {
        group.WithTags("Activity");
        group.MapGet("/", ListActivity).WithName("ListActivity")
            .WithSummary("Who changed what: users added and removed, sync runs asked for; newest first, kept 90 days.");
        return group;
    }

    private static async Task<Results<Ok<PageResponse<ActivityResponse>>, ValidationProblem>> ListActivity(
        string? limit, string? cursor, ActivityLog log, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryPage(limit, cursor, out var page, out var invalid))
        {
            return invalid.ToProblem();
        }

        var found = await log.ListRecentAsync(page, cancellationToken);
        return TypedResults.Ok(new PageResponse<ActivityResponse>([.. found.Items.Select(ActivityResponse.From)], found.NextCursor));
    }
}

/// <param name="Username">The user added or removed; null for a sync request.</param>
/// <param name="RunId">The run a sync request started or queued; null otherwise.</param>
public sealed record ActivityResponse(DateTimeOffset At, ActivityAction Action, Actor Actor, string? Username, string? RunId)
{
    internal static ActivityResponse From(ActivityEntry entry) =>
        new(entry.At.ToUniversalTime(), entry.Action, entry.Actor, entry.Username?.Value, entry.RunId);
}
