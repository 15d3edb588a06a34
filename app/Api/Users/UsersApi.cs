using System.Security.Claims;
using GistCloud.Api.Activity;
using GistCloud.Api.Errors;
using GistCloud.Api.Gists;
using GistCloud.Api.Paging;
using GistCloud.Api.Security;
using GistCloud.Api.Visits;
using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Seen;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GistCloud.Api.Users;

/// <summary><c>/api/users</c>: who is tracked, adding and removing them, and their gists.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder group)
    {
        group.WithTags("Users");

        group.MapGet("/", ListUsers).WithName("ListUsers").WithSummary("Tracked users, ordered by username.")
            .WithDescription(WithViewer + " each user carries newCount, how many of their gists that viewer has not marked seen.");
        group.MapPost("/", AddUser).RequireAdmin().WithName("AddUser")
            .WithSummary("Track a GitHub user and store their existing gists.")
            .WithDescription("Checks the user on GitHub, then stores their gists (the first pages; the sync stores the rest) before answering.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{username}", GetUser).WithName("GetUser").WithSummary("One tracked user.")
            .WithDescription(WithViewer + " the user carries newCount, how many of their gists that viewer has not marked seen.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{username}", RemoveUser).RequireAdmin().WithName("RemoveUser")
            .WithSummary("Stop tracking a user; their gists and visits are deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{username}/gists", ListGists).WithName("ListGists")
            .WithSummary("The user's stored gists, newest first.")
            .WithDescription(WithViewer + " each gist carries isNew: whether that viewer has not marked it seen. Reading marks nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private const string WithViewer = "With an X-Viewer-Id header (a random version 4 UUID; anything else is a 400),";

    private static async Task<Results<Ok<PageResponse<UserResponse>>, ValidationProblem>> ListUsers(
        string? limit,
        string? cursor,
        [FromHeader(Name = VisitsApi.ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        UserStore users,
        SeenLedger seen,
        PipedriveLinks links,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryPage(limit, cursor, out var page, out var invalid)
            || !EdgeValidation.TryOptionalViewer(caller, viewerId, VisitsApi.ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        var found = await users.ListAsync(page, cancellationToken);
        if (viewer is not { } known)
        {
            return TypedResults.Ok(new PageResponse<UserResponse>([.. found.Items.Select(user => UserResponse.From(user, links))], found.NextCursor));
        }

        // One BatchGetItem for the page: a count per user is a subtraction from its gistSeq, no gist is read.
        var states = await seen.ReadManyAsync(known, found.Items, cancellationToken);
        return TypedResults.Ok(new PageResponse<UserResponse>(
            [.. found.Items.Select(user => UserResponse.ForViewer(user, links, states[user.Username].NewCount(user.GistCount)))], found.NextCursor));
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> AddUser(
        AddUserRequest? request, HttpContext context, CallerActors callers, UserTracker tracker, ActivityRecorder activity, PipedriveLinks links, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return new ValidationFailure("body", "A JSON body like {\"username\": \"octocat\"} is required.").ToProblem();
        }

        if (!EdgeValidation.TryUsername(request.Username, "username", out var username, out var invalid))
        {
            return invalid.ToProblem();
        }

        var actor = await callers.OfAsync(context);
        var outcome = await tracker.AddAsync(username, actor, cancellationToken);
        if (outcome is AddUserOutcome.Added)
        {
            await activity.RecordAsync(ActivityAction.UserAdded, actor, username);
        }

        return outcome switch
        {
            AddUserOutcome.Added added => TypedResults.Created($"/api/users/{added.User.Username}", UserResponse.From(added.User, links)),
            AddUserOutcome.AlreadyTracked => Problems.Conflict($"'{username}' is already tracked."),
            AddUserOutcome.NotOnGitHub => Problems.NotFound($"GitHub has no user '{username}'."),
            AddUserOutcome.GitHubUnavailable unavailable => Problems.GitHubUnavailable(unavailable.Failure),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> GetUser(
        string username,
        [FromHeader(Name = VisitsApi.ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        UserStore users,
        SeenLedger seen,
        PipedriveLinks links,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryOptionalViewer(caller, viewerId, VisitsApi.ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        if (await users.FindAsync(name, cancellationToken) is not { } user)
        {
            return Problems.UserNotTracked(name);
        }

        return viewer is { } known
            ? TypedResults.Ok(UserResponse.ForViewer(user, links, (await seen.ReadAsync(user, known, cancellationToken)).NewCount(user.GistCount)))
            : TypedResults.Ok(UserResponse.From(user, links));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveUser(
        string username, HttpContext context, CallerActors callers, UserStore users, ActivityRecorder activity, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid))
        {
            return invalid.ToProblem();
        }

        if (!await users.RemoveAsync(name, cancellationToken))
        {
            return Problems.UserNotTracked(name);
        }

        await activity.RecordAsync(ActivityAction.UserRemoved, await callers.OfAsync(context), name);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PageResponse<GistResponse>>, ValidationProblem, ProblemHttpResult>> ListGists(
        string username,
        string? limit,
        string? cursor,
        [FromHeader(Name = VisitsApi.ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        UserStore users,
        GistStore gists,
        SeenLedger seen,
        PipedriveLinks links,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryPage(limit, cursor, out var page, out invalid)
            || !EdgeValidation.TryOptionalViewer(caller, viewerId, VisitsApi.ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        if (await users.FindAsync(name, cancellationToken) is not { } user)
        {
            return Problems.UserNotTracked(name);
        }

        var found = await gists.ListAsync(name, page, cancellationToken);
        if (viewer is not { } known)
        {
            return TypedResults.Ok(new PageResponse<GistResponse>([.. found.Items.Select(g => GistResponse.From(g, links))], found.NextCursor));
        }

        var state = await seen.ReadAsync(user, known, cancellationToken);
        return TypedResults.Ok(new PageResponse<GistResponse>([.. found.Items.Select(g => GistResponse.ForViewer(g, links, state.IsNew(g)))], found.NextCursor));
    }
}
