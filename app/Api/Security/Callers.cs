using System.Security.Claims;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Visits;

namespace GistCloud.Api.Security;

/// <summary>Who is calling, as the endpoints record and use it.</summary>
internal static class Callers
{
    /// <summary>The signed-in person, the API key, or nobody in particular (sign-in off, writes open).</summary>
    public static Actor ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName })
        {
            return Actor.ApiKey;
        }

        return user.FindFirst(BearerTokens.SubjectClaim)?.Value is { Length: > 0 } subject
            ? Actor.Person(subject, BearerTokens.DisplayName(user))
            : Actor.Anonymous;
    }

    /// <summary>
    /// The signed-in person's viewer id, derived from the token's issuer and subject, so "new" follows the person
    /// across browsers and devices; null for other callers, who name their viewer in <c>X-Viewer-Id</c>.
    /// </summary>
    public static ViewerId? PersonViewer(ClaimsPrincipal user) =>
        user.FindFirst(BearerTokens.SubjectClaim) is { Value.Length: > 0 } subject
            ? ViewerId.ForPerson(subject.Issuer, subject.Value)
            : null;

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(AdminPolicy.Role);
}
