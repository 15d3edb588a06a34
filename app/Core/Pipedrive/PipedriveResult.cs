using System.Diagnostics.CodeAnalysis;

namespace GistCloud.Core.Pipedrive;

public enum PipedriveFailureKind
{
    /// <summary>Pipedrive refused the token (401).</summary>
    Unauthorized,

    /// <summary>The burst limit or the daily budget is spent; <see cref="PipedriveFailure.RetryAt"/> says when to try again, when known.</summary>
    RateLimited,

    /// <summary>Pipedrive answered 5xx, timed out or could not be reached after the retries, or answered something unreadable.</summary>
    Unavailable,

    /// <summary>Pipedrive refused the request (4xx); the message carries Pipedrive's own error text. Retrying the same request will not help.</summary>
    Rejected,
}

/// <param name="MayHaveCreated">
/// The failed call was a creation whose outcome is unknown (5xx or timeout after sending): the item may exist.
/// The next attempt must pass <c>previousAttemptUncertain</c> to <see cref="GistPublisher.PublishAsync"/>.
/// </param>
public sealed record PipedriveFailure(PipedriveFailureKind Kind, string Message, DateTimeOffset? RetryAt = null, bool MayHaveCreated = false);

/// <summary>A value or the reason there is none.</summary>
public sealed record PipedriveResult<T>(T? Value, PipedriveFailure? Failure)
{
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    public static PipedriveResult<T> Success(T value) => new(value, null);

    public static PipedriveResult<T> Failed(PipedriveFailure failure) => new(default, failure);
}

/// <summary>What a gist became in Pipedrive.</summary>
/// <param name="FoundExisting">An earlier, uncertain attempt had created it: it was found by its marker, not created again.</param>
public sealed record PublishedItem(PipedriveMode Kind, long Id, bool FoundExisting);
