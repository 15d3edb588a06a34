using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Actors;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;

namespace GistCloud.Core.Storage.DynamoDb;

/// <summary>An <see cref="Actor"/> as a map attribute: <c>{kind, subject?, name?}</c>, the same on users, runs and activity.</summary>
internal static class ActorAttribute
{
    private const string Kind = "kind";
    private const string Subject = "subject";
    private const string Name = "name";

    public static AttributeValue ToMap(Actor actor)
    {
        var map = new Dictionary<string, AttributeValue> { [Kind] = S(KindText(actor.Kind)) };
        map.SetIfNotNull(Subject, actor.Subject);
        map.SetIfNotNull(Name, actor.Name);
        return new AttributeValue { M = map };
    }

    /// <summary>The actor stored under <paramref name="name"/>; null when absent (items written before actors were recorded).</summary>
    public static Actor? Optional(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.M is { Count: > 0 } map
            ? new Actor(ParseKind(map.RequiredString(Kind)), map.OptionalString(Subject), map.OptionalString(Name))
            : null;

    private static string KindText(ActorKind kind) => kind switch
    {
        ActorKind.Person => "person",
        ActorKind.ApiKey => "apiKey",
        ActorKind.Anonymous => "anonymous",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown actor kind."),
    };

    private static ActorKind ParseKind(string text) => text switch
    {
        "person" => ActorKind.Person,
        "apiKey" => ActorKind.ApiKey,
        "anonymous" => ActorKind.Anonymous,
        _ => throw new InvalidDataException($"Stored actor kind '{text}' is unknown."),
    };
}
