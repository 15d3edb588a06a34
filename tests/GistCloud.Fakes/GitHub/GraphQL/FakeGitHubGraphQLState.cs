using GraphQL;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// One GraphQL call's state, shared by the cost rule (which fills in cost, logins and the budget before execution)
/// and the resolvers. Travels as the engine's user context.
/// </summary>
internal sealed class FakeGitHubGraphQLState(FakeGitHubData data, FakeGitHubFaults faults, FakeGitHubRateLimits rateLimits, FakeGitHubCaller caller, Uri root)
{
    private const string Key = "github";

    public FakeGitHubData Data { get; } = data;

    /// <summary>The fake's own address ("http://127.0.0.1:5001/"): avatars are served from it.</summary>
    public Uri Root { get; } = root;

    public FakeGitHubFaults Faults { get; } = faults;

    public FakeGitHubRateLimits RateLimits { get; } = rateLimits;

    public FakeGitHubCaller Caller { get; } = caller;

    public int Cost { get; set; }

    public int NodeCount { get; set; }

    public bool DryRun { get; set; }

    /// <summary>Set once the cost rule has run: the query passed validation and was costed.</summary>
    public bool Costed { get; set; }

    public bool Charged { get; set; }

    public bool RateLimited { get; set; }

    public List<string> Logins { get; } = [];

    /// <summary>The budget after this call's charge (or as it was, when nothing was charged).</summary>
    public FakeRateLimit Budget { get; set; }

    public FakeGitHubGraphQLRateLimit RateLimitAnswer =>
        new(Cost, Budget.Limit, Math.Max(0, Budget.Remaining), Budget.ResetAt, Budget.Used, NodeCount);

    public Dictionary<string, object?> AsUserContext() => new(StringComparer.Ordinal) { [Key] = this };

    public static FakeGitHubGraphQLState Of(IResolveFieldContext context) => (FakeGitHubGraphQLState)context.UserContext[Key]!;

    public static FakeGitHubGraphQLState Of(IDictionary<string, object?> userContext) => (FakeGitHubGraphQLState)userContext[Key]!;
}

/// <summary>What <c>rateLimit</c> answers.</summary>
internal sealed record FakeGitHubGraphQLRateLimit(int Cost, int Limit, int Remaining, DateTimeOffset ResetAt, int Used, int NodeCount);
