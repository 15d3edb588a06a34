using GistCloud.Core.Domain.Gists;

namespace GistCloud.Core.Domain.Seen;

/// <summary>
/// Which of a user's gists one viewer has marked seen, by discovery sequence number: every seq up to
/// <see cref="ThroughSeq"/>, and the seqs above it in <see cref="Seqs"/> (marked one by one). No state means nothing seen.
/// </summary>
public sealed record SeenState(long ThroughSeq, IReadOnlySet<long> Seqs)
{
    /// <summary>Seqs one viewer may mark one by one above <see cref="ThroughSeq"/> (keeps the stored item small); "mark all" clears them.</summary>
    public const int MaxSeqs = 500;

    public static SeenState None { get; } = new(0, new HashSet<long>());

    public bool IsSeen(long seq) => seq <= ThroughSeq || Seqs.Contains(seq);

    public bool IsNew(Gist gist)
    {
        ArgumentNullException.ThrowIfNull(gist);
        return !IsSeen(gist.Seq);
    }

    /// <summary>Gists with seq 1…<paramref name="gistSeq"/> not seen: a subtraction, since seqs are given out one by one and gists stay while the user is tracked.</summary>
    public long NewCount(long gistSeq) =>
        Math.Max(0, gistSeq - ThroughSeq - Seqs.Count(s => s > ThroughSeq && s <= gistSeq));

    /// <summary>Everything up to <paramref name="seq"/> seen as well (never moves back).</summary>
    public SeenState WithThrough(long seq) => Compact(Math.Max(ThroughSeq, seq), Seqs);

    /// <summary><paramref name="seqs"/> seen as well.</summary>
    public SeenState With(IEnumerable<long> seqs) => Compact(ThroughSeq, Seqs.Concat(seqs));

    /// <summary>While the seq right after <paramref name="through"/> is marked, the contiguous prefix grows and the set shrinks.</summary>
    private static SeenState Compact(long through, IEnumerable<long> seqs)
    {
        var set = seqs.Where(s => s > through).ToHashSet();
        while (set.Remove(through + 1))
        {
            through++;
        }

        return new SeenState(through, set);
    }
}
