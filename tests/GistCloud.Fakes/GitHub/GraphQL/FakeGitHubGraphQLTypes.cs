using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace GistCloud.Fakes.GitHub;

/// <summary>
/// The subset of GitHub's GraphQL schema the fake serves, with GitHub's names and nullability
/// (docs.github.com/graphql/reference: Query.user, Query.rateLimit, User, Gist, GistConnection, RateLimit).
/// </summary>
internal sealed class GitHubQueryGraphType : ObjectGraphType
{
    public GitHubQueryGraphType()
    {
        Name = "Query";
        Field<GitHubUserGraphType>("user")
            .Description("Lookup a user by login.")
            .Argument<NonNullGraphType<StringGraphType>>("login")
            .Resolve(ResolveUser);
        Field<GitHubRateLimitGraphType>("rateLimit")
            .Description("The client's rate limit information.")
            .Argument<BooleanGraphType>("dryRun", argument => argument.DefaultValue = false)
            .Resolve(context => FakeGitHubGraphQLState.Of(context).RateLimitAnswer);
    }

    private static FakeGitHubUser? ResolveUser(IResolveFieldContext context)
    {
        var state = FakeGitHubGraphQLState.Of(context);
        var login = context.GetArgument<string>("login");
        if (state.DryRun)
        {
            return null; // a dry run is costed, not executed
        }

        if (state.Faults.TakeGraphQLUserFailure(login))
        {
            throw new FakeGitHubGraphQLError(FakeGitHubGraphQLError.Internal, FakeGitHubGraphQLError.SomethingWentWrong);
        }

        return state.Data.FindUser(login)
            ?? throw new FakeGitHubGraphQLError("NOT_FOUND", $"Could not resolve to a User with the login of '{login}'.");
    }
}

internal sealed class GitHubUserGraphType : ObjectGraphType<FakeGitHubUser>
{
    public GitHubUserGraphType()
    {
        Name = "User";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(context => FakeGitHubJson.NodeId("U_", context.Source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Field<NonNullGraphType<StringGraphType>>("login").Resolve(context => context.Source.Login);
        Field<StringGraphType>("name").Resolve(context => context.Source.Name);
        Field<NonNullGraphType<GitHubDateTimeGraphType>>("createdAt").Resolve(context => context.Source.CreatedAt);
        Field<NonNullGraphType<GitHubUriGraphType>>("url").Resolve(context => $"https://github.com/{context.Source.Login}");
        Field<NonNullGraphType<GitHubUriGraphType>>("avatarUrl")
            .Argument<IntGraphType>("size")
            .Resolve(context => FakeGitHubJson.AvatarUrl(FakeGitHubGraphQLState.Of(context).Root, context.Source.Login));
        Field<NonNullGraphType<GitHubGistConnectionGraphType>>("gists")
            .Description("A list of the Gists the user has created.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last")
            .Argument<StringGraphType>("before")
            .Argument<GitHubGistOrderGraphType>("orderBy", argument => argument.DefaultValue = GistOrder.Default)
            .Argument<GitHubGistPrivacyGraphType>("privacy")
            .Resolve(ResolveGists);
    }

    private static GistPage ResolveGists(IResolveFieldContext<FakeGitHubUser> context)
    {
        var state = FakeGitHubGraphQLState.Of(context);
        var privacy = context.GetArgument<GistPrivacy?>("privacy");
        // Every fake gist is public: SECRET lists none; PUBLIC, ALL and the default (public for other users) list all.
        var gists = privacy == GistPrivacy.Secret ? [] : state.Data.UnorderedGistsOf(context.Source.Login);
        return GistPage.Of(
            gists,
            context.GetArgument("orderBy", GistOrder.Default),
            context.GetArgument<int?>("first"),
            context.GetArgument<string?>("after"),
            context.GetArgument<int?>("last"),
            context.GetArgument<string?>("before"));
    }
}

internal sealed class GitHubGistConnectionGraphType : ObjectGraphType<GistPage>
{
    public GitHubGistConnectionGraphType()
    {
        Name = "GistConnection";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(context => context.Source.TotalCount);
        Field<ListGraphType<GitHubGistGraphType>>("nodes").Resolve(context => context.Source.Edges.Select(edge => edge.Node));
        Field<ListGraphType<GitHubGistEdgeGraphType>>("edges").Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<GitHubPageInfoGraphType>>("pageInfo").Resolve(context => context.Source);
    }
}

internal sealed class GitHubGistEdgeGraphType : ObjectGraphType<GistEdge>
{
    public GitHubGistEdgeGraphType()
    {
        Name = "GistEdge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(context => context.Source.Cursor);
        Field<GitHubGistGraphType>("node").Resolve(context => context.Source.Node);
    }
}

internal sealed class GitHubPageInfoGraphType : ObjectGraphType<GistPage>
{
    public GitHubPageInfoGraphType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(context => context.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(context => context.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(context => context.Source.Edges.Count == 0 ? null : context.Source.Edges[0].Cursor);
        Field<StringGraphType>("endCursor").Resolve(context => context.Source.Edges.Count == 0 ? null : context.Source.Edges[^1].Cursor);
    }
}

internal sealed class GitHubGistGraphType : ObjectGraphType<FakeGist>
{
    public GitHubGistGraphType()
    {
        Name = "Gist";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(context => FakeGitHubJson.NodeId("G_", context.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("name").Description("The gist name (the REST API's gist id).").Resolve(context => context.Source.Id);
        Field<StringGraphType>("description").Resolve(context => context.Source.Description);
        Field<NonNullGraphType<GitHubDateTimeGraphType>>("createdAt").Resolve(context => context.Source.CreatedAt);
        Field<NonNullGraphType<GitHubDateTimeGraphType>>("updatedAt").Resolve(context => context.Source.UpdatedAt);
        Field<GitHubDateTimeGraphType>("pushedAt").Resolve(context => context.Source.UpdatedAt);
        Field<NonNullGraphType<BooleanGraphType>>("isPublic").Resolve(_ => true);
        Field<NonNullGraphType<BooleanGraphType>>("isFork").Resolve(_ => false);
        Field<NonNullGraphType<GitHubUriGraphType>>("url").Resolve(context => $"https://gist.github.com/{context.Source.Id}");
        Field<GitHubUserGraphType>("owner").Resolve(context => FakeGitHubGraphQLState.Of(context).Data.FindUser(context.Source.OwnerLogin));
        Field<ListGraphType<GitHubGistFileGraphType>>("files")
            .Argument<IntGraphType>("limit", argument => argument.DefaultValue = 10)
            .Argument<StringGraphType>("oid")
            .Resolve(context => context.Source.Files.Take(Math.Max(0, context.GetArgument("limit", 10))));
    }
}

internal sealed class GitHubGistFileGraphType : ObjectGraphType<FakeGistFile>
{
    public GitHubGistFileGraphType()
    {
        Name = "GistFile";
        Field<StringGraphType>("name").Resolve(context => context.Source.Filename);
        Field<StringGraphType>("extension").Resolve(context => Path.GetExtension(context.Source.Filename));
        Field<IntGraphType>("size").Resolve(context => (int)Math.Min(int.MaxValue, context.Source.Size));
        Field<GitHubLanguageGraphType>("language").Resolve(context => context.Source.DetectedLanguage);
    }
}

internal sealed class GitHubLanguageGraphType : ObjectGraphType<string>
{
    public GitHubLanguageGraphType()
    {
        Name = "Language";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(context => context.Source);
    }
}

internal sealed class GitHubRateLimitGraphType : ObjectGraphType<FakeGitHubGraphQLRateLimit>
{
    public GitHubRateLimitGraphType()
    {
        Name = "RateLimit";
        Field<NonNullGraphType<IntGraphType>>("cost").Resolve(context => context.Source.Cost);
        Field<NonNullGraphType<IntGraphType>>("limit").Resolve(context => context.Source.Limit);
        Field<NonNullGraphType<IntGraphType>>("nodeCount").Resolve(context => context.Source.NodeCount);
        Field<NonNullGraphType<IntGraphType>>("remaining").Resolve(context => context.Source.Remaining);
        Field<NonNullGraphType<GitHubDateTimeGraphType>>("resetAt").Resolve(context => context.Source.ResetAt);
        Field<NonNullGraphType<IntGraphType>>("used").Resolve(context => context.Source.Used);
    }
}

internal sealed class GitHubGistOrderGraphType : InputObjectGraphType<GistOrder>
{
    public GitHubGistOrderGraphType()
    {
        Name = "GistOrder";
        Field<NonNullGraphType<GitHubGistOrderFieldGraphType>>("field");
        Field<NonNullGraphType<GitHubOrderDirectionGraphType>>("direction");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new GistOrder((GistOrderField)value["field"]!, (OrderDirection)value["direction"]!);

    public override bool IsValidDefault(object value) => value is GistOrder;

    /// <summary>Introspection shows the default as GitHub's schema does: <c>{field: PUSHED_AT, direction: DESC}</c>.</summary>
    public override GraphQLValue ToAST(object? value) => value is GistOrder order
        ? new GraphQLObjectValue
        {
            Fields =
            [
                new GraphQLObjectField(new GraphQLName("field"), GitHubGistOrderFieldGraphType.Instance.ToAST(order.Field)),
                new GraphQLObjectField(new GraphQLName("direction"), GitHubOrderDirectionGraphType.Instance.ToAST(order.Direction)),
            ],
        }
        : base.ToAST(value);
}

internal sealed class GitHubGistOrderFieldGraphType : EnumerationGraphType
{
    public static readonly GitHubGistOrderFieldGraphType Instance = new();

    public GitHubGistOrderFieldGraphType()
    {
        Name = "GistOrderField";
        Add("CREATED_AT", GistOrderField.CreatedAt, "Order gists by creation time");
        Add("UPDATED_AT", GistOrderField.UpdatedAt, "Order gists by update time");
        Add("PUSHED_AT", GistOrderField.PushedAt, "Order gists by push time");
    }
}

internal sealed class GitHubOrderDirectionGraphType : EnumerationGraphType
{
    public static readonly GitHubOrderDirectionGraphType Instance = new();

    public GitHubOrderDirectionGraphType()
    {
        Name = "OrderDirection";
        Add("ASC", OrderDirection.Asc, "Specifies an ascending order for a given `orderBy` argument.");
        Add("DESC", OrderDirection.Desc, "Specifies a descending order for a given `orderBy` argument.");
    }
}

internal sealed class GitHubGistPrivacyGraphType : EnumerationGraphType
{
    public GitHubGistPrivacyGraphType()
    {
        Name = "GistPrivacy";
        Add("PUBLIC", GistPrivacy.Public, "Public");
        Add("SECRET", GistPrivacy.Secret, "Secret");
        Add("ALL", GistPrivacy.All, "Gists that are public and secret");
    }
}
