using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.GitHub;

/// <summary>
/// Asks GitHub, in one call, whether each of a batch of users' public gists look as they did: the number of gists and
/// the most recently updated one. A user whose answer equals the stored <see cref="GistProbeAnswer.Signature"/> has
/// nothing new, edited or deleted, so needs no listing.
/// </summary>
public interface IGistChangeProbe
{
    /// <summary>
    /// Probes <paramref name="users"/> (at most <c>GitHub:ProbeBatchSize</c>). Per-user outcomes are in the batch; a
    /// failure means the whole call failed: Unavailable (after retries: list these users over REST), RateLimited (the
    /// GraphQL budget or a secondary limit is spent: stop asking), or Refused (GraphQL is not available: REST for the run).
    /// </summary>
    Task<GitHubResult<GistProbeBatch>> ProbeAsync(IReadOnlyList<GitHubUsername> users, CancellationToken cancellationToken);
}

/// <param name="Answers">One per user asked.</param>
/// <param name="Points">GraphQL points the call cost (GitHub's <c>rateLimit { cost }</c>).</param>
/// <param name="Requests">HTTP attempts the call took (retries included).</param>
/// <param name="RateLimit">GitHub's GraphQL point budget after the call.</param>
public sealed record GistProbeBatch(
    IReadOnlyDictionary<GitHubUsername, GistProbeAnswer> Answers,
    int Points,
    GitHubRequestCount Requests,
    GitHubRateLimit? RateLimit);

public enum GistProbeState
{
    /// <summary>GitHub answered for the user: <see cref="GistProbeAnswer.Signature"/> says how their gists look.</summary>
    Found,

    /// <summary>GitHub could not resolve the login (it was deleted or renamed).</summary>
    NotFound,

    /// <summary>GitHub answered for the others but not for this user: list them over REST.</summary>
    Failed,
}

/// <param name="Signature">
/// For <see cref="GistProbeState.Found"/>: the gist count and the newest gist's id and <c>updatedAt</c>. A new gist changes
/// all of them, an edit moves <c>updatedAt</c> (the edited gist becomes the newest), a deletion changes the count.
/// </param>
/// <param name="Error">Why, for <see cref="GistProbeState.NotFound"/> and <see cref="GistProbeState.Failed"/>.</param>
public sealed record GistProbeAnswer(GistProbeState State, string? Signature, string? Error = null)
{
    public static GistProbeAnswer Found(string signature) => new(GistProbeState.Found, signature);
}
