namespace GistCloud.Core.Http;

/// <summary>
/// The bounds in which a peer's <see cref="HttpPeerOptions"/> differ: how short an attempt and how short or long a
/// whole call may be. The bounds the peers share are written once, in <see cref="HttpPeerRules.Validate"/>.
/// </summary>
internal sealed record HttpPeerLimits(TimeSpan MinAttemptTimeout, TimeSpan MinTotalTimeout, TimeSpan MaxTotalTimeout);
