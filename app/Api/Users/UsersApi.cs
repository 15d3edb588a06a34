using GistCloud.Api.Errors;
using GistCloud.Api.Gists;
using GistCloud.Api.Paging;
using GistCloud.Api.Security;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Users;
using GistCloud.Core.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GistCloud.Api.Users;

/// <summary><c>/api/users</c>: who is tracked, adding and removing them, and their gists.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder group)
    {
        group.WithTags("Users");

        group.MapGet("/", ListUsers).WithName("ListUsers").WithSummary("Tracked users, ordered by username.");
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
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{username}", RemoveUser).RequireAdmin().WithName("RemoveUser")
            .WithSummary("Stop tracking a user; their gists and visits are deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{username}/gists", ListGists).WithName("ListGists")
            .WithSummary("The user's stored gists, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<PageResponse<UserResponse>>, ValidationProblem>> ListUsers(
        string? limit, string? cursor, UserStore users, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryPage(limit, cursor, out var page, out var invalid))
        {
            return invalid.ToProblem();
        }

        var found = await users.ListAsync(page, cancellationToken);
        return TypedResults.Ok(new PageResponse<UserResponse>([.. found.Items.Select(UserResponse.From)], found.NextCursor));
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> AddUser(
        AddUserRequest? request, UserTracker tracker, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return new ValidationFailure("body", "A JSON body like {\"username\": \"octocat\"} is required.").ToProblem();
        }

        if (!EdgeValidation.TryUsername(request.Username, "username", out var username, out var invalid))
        {
            return invalid.ToProblem();
        }

        return await tracker.AddAsync(username, cancellationToken) switch
        {
            AddUserOutcome.Added added => TypedResults.Created($"/api/users/{added.User.Username}", UserResponse.From(added.User)),
            AddUserOutcome.AlreadyTracked => Problems.Conflict($"'{username}' is already tracked."),
            AddUserOutcome.NotOnGitHub => Problems.NotFound($"GitHub has no user '{username}'."),
            AddUserOutcome.GitHubUnavailable unavailable => Problems.GitHubUnavailable(unavailable.Failure),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> GetUser(
        string username, UserStore users, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid))
        {
            return invalid.ToProblem();
        }

        return await users.FindAsync(name, cancellationToken) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : Problems.UserNotTracked(name);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveUser(
        string username, UserStore users, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid))
        {
            return invalid.ToProblem();
        }

        return await users.RemoveAsync(name, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.UserNotTracked(name);
    }

    private static async Task<Results<Ok<PageResponse<GistResponse>>, ValidationProblem, ProblemHttpResult>> ListGists(
        string username, string? limit, string? cursor, UserStore users, GistStore gists, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryPage(limit, cursor, out var page, out invalid))
        {
            return invalid.ToProblem();
        }

        if (await users.FindAsync(name, cancellationToken) is null)
        {
            return Problems.UserNotTracked(name);
        }

        var found = await gists.ListAsync(name, page, cancellationToken);
        return TypedResults.Ok(new PageResponse<GistResponse>([.. found.Items.Select(GistResponse.From)], found.NextCursor));
    }
}
