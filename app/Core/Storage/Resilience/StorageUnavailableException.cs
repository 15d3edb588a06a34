namespace GistCloud.Core.Storage.Resilience;

/// <summary>
/// A DynamoDB call that was not sent because the storage circuit is open (repeated failures just before): callers
/// should answer "unavailable, try again after <see cref="RetryAfter"/>" rather than treat it as a bug.
/// </summary>
public sealed class StorageUnavailableException(string message, TimeSpan retryAfter, Exception? innerException)
    : Exception(message, innerException)
{
    /// <summary>How long until the circuit lets a probe call through (at least one second).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
