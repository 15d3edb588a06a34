using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// GitHub's rules that run before execution, on the parsed operation with fragments resolved and variables applied
/// (docs: "Rate limits and node limits for the GraphQL API"):
/// every connection needs <c>first</c> or <c>last</c> in 0..100; at most 500,000 nodes; the cost is the number of
/// requests needed to fulfil every connection, assuming each returns its full limit, divided by 100, rounded
/// (MidpointRounding.AwayFromZero: 2.5 costs 3) and at least 1. Then the caller's budget pays, unless it is a dry run.
/// </summary>
internal sealed class FakeGitHubGraphQLCostRule : ValidationRuleBase
{
    public const int MaxPageSize = 100;
    public const int MaxNodes = 500_000;

    public static readonly FakeGitHubGraphQLCostRule Instance = new();

    // Post-node visitors run after the engine's own rules passed and arguments (variables included) are parsed.
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation == ctx.Operation)
            {
                Apply(ctx);
            }
        }));

    private static void Apply(ValidationContext context)
    {
        var state = FakeGitHubGraphQLState.Of(context.UserContext);
        var walk = new Walk(context);
        walk.Selections(context.Operation.SelectionSet, context.Schema.Query, multiplier: 1, ["query"]);
        state.Logins.AddRange(walk.Logins);
        state.DryRun = walk.DryRun;
        if (context.HasErrors)
        {
            return;
        }

        if (walk.Nodes > MaxNodes)
        {
            context.ReportError(new FakeGitHubGraphQLValidationError(
                context.Document.Source,
                "MAX_NODE_LIMIT_EXCEEDED",
                string.Create(CultureInfo.InvariantCulture, $"This query requests up to {walk.Nodes:N0} possible nodes which exceeds the maximum limit of {MaxNodes:N0}.")));
            return;
        }

        state.Cost = (int)Math.Max(1, Math.Round(walk.Requests / 100m, MidpointRounding.AwayFromZero));
        state.NodeCount = (int)walk.Nodes;
        state.Costed = true;
        if (state.DryRun)
        {
            state.Budget = state.RateLimits.PeekGraphQL(state.Caller);
            return;
        }

        state.Charged = state.RateLimits.TryChargeGraphQL(state.Caller, state.Cost, out var budget);
        state.Budget = budget;
        if (!state.Charged)
        {
            state.RateLimited = true;
            context.ReportError(new FakeGitHubGraphQLValidationError(context.Document.Source, "RATE_LIMIT", "API rate limit already exceeded for user ID 1."));
        }
    }

    /// <summary>Walks the selections as the engine would execute them, counting connections along the way.</summary>
    private sealed class Walk(ValidationContext context)
    {
        public long Requests { get; private set; }

        public long Nodes { get; private set; }

        public bool DryRun { get; private set; }

        public List<string> Logins { get; } = [];

        public void Selections(GraphQLSelectionSet? selections, IGraphType? type, long multiplier, List<object> path)
        {
            if (selections is null || type is not IComplexGraphType parent)
            {
                return;
            }

            foreach (var selection in selections.Selections)
            {
                if (!context.ShouldIncludeNode(selection))
                {
                    continue;
                }

                switch (selection)
                {
                    case GraphQLField field:
                        Field(field, parent, multiplier, path);
                        break;
                    case GraphQLInlineFragment inline:
                        Selections(inline.SelectionSet, TypeOf(inline.TypeCondition) ?? parent, multiplier, path);
                        break;
                    case GraphQLFragmentSpread spread when Fragment(spread) is { } fragment:
                        Selections(fragment.SelectionSet, TypeOf(fragment.TypeCondition) ?? parent, multiplier, path);
                        break;
                }
            }
        }

        private void Field(GraphQLField field, IComplexGraphType parent, long multiplier, List<object> path)
        {
            var name = field.Name.StringValue;
            if (parent.GetField(name) is not { ResolvedType: { } fieldType })
            {
                return; // __typename and introspection cost nothing
            }

            var arguments = context.ArgumentValues?.GetValueOrDefault(field);
            var fieldPath = new List<object>(path) { field.Alias?.Name.StringValue ?? name };
            if (parent == context.Schema.Query)
            {
                if (name == "user" && Argument(arguments, "login") is string login)
                {
                    Logins.Add(login);
                }
                else if (name == "rateLimit" && Argument(arguments, "dryRun") is true)
                {
                    DryRun = true;
                }
            }

            var named = fieldType.GetNamedType();
            var childMultiplier = multiplier;
            if (named.Name.EndsWith("Connection", StringComparison.Ordinal))
            {
                if (PageSize(field, name, arguments, fieldPath) is not { } size)
                {
                    return;
                }

                Requests += multiplier; // one request per parent node that may hold this connection
                Nodes += multiplier * size;
                childMultiplier = multiplier * size;
            }

            Selections(field.SelectionSet, named, childMultiplier, fieldPath);
        }

        private int? PageSize(GraphQLField field, string name, IDictionary<string, GraphQL.Execution.ArgumentValue>? arguments, List<object> path)
        {
            var first = Argument(arguments, "first") as int?;
            var last = Argument(arguments, "last") as int?;
            if (first is null && last is null)
            {
                Report(field, path, "MISSING_PAGINATION_BOUNDARIES", $"You must provide a `first` or `last` value to properly paginate the `{name}` connection.");
                return null;
            }

            foreach (var (argument, value) in new[] { ("first", first), ("last", last) })
            {
                if (value > MaxPageSize)
                {
                    Report(field, path, "EXCESSIVE_PAGINATION", string.Create(
                        CultureInfo.InvariantCulture,
                        $"Requesting {value} records on the `{name}` connection exceeds the `{argument}` limit of {MaxPageSize} records."));
                    return null;
                }

                if (value < 0)
                {
                    Report(field, path, "INVALID_PAGINATION", $"`{argument}` on the `{name}` connection cannot be less than zero.");
                    return null;
                }
            }

            return Math.Max(first ?? 0, last ?? 0);
        }

        private void Report(GraphQLField field, List<object> path, string type, string message) =>
            context.ReportError(new FakeGitHubGraphQLValidationError(context.Document.Source, type, message, path, field));

        private static object? Argument(IDictionary<string, GraphQL.Execution.ArgumentValue>? arguments, string name) =>
            arguments is not null && arguments.TryGetValue(name, out var value) ? value.Value : null;

        private IGraphType? TypeOf(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];

        private GraphQLFragmentDefinition? Fragment(GraphQLFragmentSpread spread) =>
            context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                .FirstOrDefault(definition => definition.FragmentName.Name == spread.FragmentName.Name);
    }
}
