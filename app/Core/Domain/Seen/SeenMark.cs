using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Paging;

namespace GistCloud.Core.Domain.Seen;

/// <summary>What a viewer marks seen of one user's gists.</summary>
public abstract record SeenMark
{
    private SeenMark()
    {
    }

    /// <summary>Every gist up to <paramref name="ThroughSeq"/> (the user's current gistSeq when null; never beyond it).</summary>
    public sealed record All(long? ThroughSeq) : SeenMark;

    /// <summary>These gists of the user, by id.</summary>
    public sealed record Gists(IReadOnlyList<string> GistIds) : SeenMark;
}

/// <summary>What came of marking gists seen.</summary>
public abstract record SeenMarkOutcome
{
    private SeenMarkOutcome()
    {
    }

    /// <param name="NewCount">The viewer's unseen gists of the user after the mark.</param>
    /// <param name="LatestSeq">The user's gistSeq the mark was made against.</param>
    public sealed record Marked(long NewCount, long LatestSeq) : SeenMarkOutcome;

    public sealed record NotTracked : SeenMarkOutcome;

    /// <summary>Ids that are not stored gists of the user; nothing was marked.</summary>
    public sealed record UnknownGists(IReadOnlyList<string> GistIds) : SeenMarkOutcome;

    /// <summary>More than <see cref="SeenState.MaxSeqs"/> gists would stay marked one by one; nothing was marked.</summary>
    public sealed record TooManyMarks(int Max) : SeenMarkOutcome;
}

/// <summary>One page of a viewer's unseen gists of a user, newest discovered first.</summary>
/// <param name="NewCount">Unseen gists in all, over every page.</param>
/// <param name="LatestSeq">The user's gistSeq this answer was read against: "mark all seen through it" leaves later gists new.</param>
public sealed record NewGists(long NewCount, long LatestSeq, Page<Gist> Gists);
