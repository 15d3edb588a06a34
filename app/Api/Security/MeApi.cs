using GistCloud.Core.Domain.Actors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Security;

/// <summary><c>/api/me</c>: who the API takes the caller for, and whether they may write (so a page can say so up front).</summary>
internal static class MeApi
{
    public static RouteGroupBuilder MapMe(this RouteGroupBuilder group)
    {
        group.WithTags("Sign-in");
        group.MapGet("/", GetMe).WithName("GetMe")
            .WithSummary("The caller as the API sees them: a signed-in person, the API key, or anonymous (sign-in off); and whether they may write.");
        return group;
    }

    private static async Task<Ok<MeResponse>> GetMe(HttpContext context, CallerActors callers, IOptions<SignInOptions> signIn, AdminKey adminKey)
    {
        // Sign-in off, reads run no authentication; a script asking here with the key is still told it may write.
        if (!signIn.Value.IsEnabled && adminKey.IsConfigured
            && await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName) is { Succeeded: true, Principal: { } keyHolder })
        {
            context.User = keyHolder;
        }

        var caller = context.User;
        var actor = await callers.OfAsync(context);
        // Sign-in off: anyone may write when no admin key is set; with one, only a caller holding it.
        var isAdmin = Callers.IsAdmin(caller) || (!signIn.Value.IsEnabled && !adminKey.IsConfigured);
        return TypedResults.Ok(new MeResponse(actor.Kind, actor.Subject, actor.Name, isAdmin, signIn.Value.IsEnabled));
    }
}

/// <param name="IsAdmin">Whether write calls (add, remove, sync now) will be allowed for this caller.</param>
/// <param name="SignInEnabled">Whether this API needs a signed-in caller (Auth:Authority is set).</param>
public sealed record MeResponse(ActorKind Kind, string? Subject, string? Name, bool IsAdmin, bool SignInEnabled);
