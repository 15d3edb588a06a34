using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage.DynamoDb;

/// <summary>
/// Builds an UpdateItem's SET and REMOVE lists where which attributes change depends on the call (null means
/// "remove" or "keep"). Each attribute gets the placeholders <c>#name</c> and <c>:name</c>, so conditions written by
/// the caller can use the same ones.
/// </summary>
internal sealed class ItemUpdate
{
    private readonly List<string> _set = [];
    private readonly List<string> _remove = [];

    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AttributeValue> Values { get; } = new(StringComparer.Ordinal);

    public ItemUpdate Set(string attribute, AttributeValue value)
    {
        Values[":" + attribute] = value;
        return SetExpression(attribute, $"{Name(attribute)} = :{attribute}");
    }

    /// <summary>SET when there is a value, REMOVE when null.</summary>
    public ItemUpdate SetOrRemove(string attribute, AttributeValue? value) => value is null ? Remove(attribute) : Set(attribute, value);

    /// <summary>SET when there is a value; the stored one stays when null.</summary>
    public ItemUpdate SetIfNotNull(string attribute, AttributeValue? value) => value is null ? this : Set(attribute, value);

    /// <summary>A SET clause of the caller's own, e.g. <c>#attempts = #attempts + :one</c>, for <paramref name="attribute"/>.</summary>
    public ItemUpdate SetExpression(string attribute, string clause)
    {
        Name(attribute);
        _set.Add(clause);
        return this;
    }

    public ItemUpdate Remove(string attribute)
    {
        _remove.Add(Name(attribute));
        return this;
    }

    /// <summary>Declares <c>#attribute</c> (for a condition) and gives it back.</summary>
    public string Name(string attribute)
    {
        var placeholder = "#" + attribute;
        Names[placeholder] = attribute;
        return placeholder;
    }

    public ItemUpdate Value(string placeholder, AttributeValue value)
    {
        Values[placeholder] = value;
        return this;
    }

    public UpdateItemRequest ToRequest(string table, Dictionary<string, AttributeValue> key, string condition)
    {
        var expression = string.Join(' ', new[]
        {
            _set.Count > 0 ? "SET " + string.Join(", ", _set) : null,
            _remove.Count > 0 ? "REMOVE " + string.Join(", ", _remove) : null,
        }.OfType<string>());
        return new UpdateItemRequest
        {
            TableName = table,
            Key = key,
            UpdateExpression = expression,
            ConditionExpression = condition,
            ExpressionAttributeNames = Names,
            // DynamoDB rejects an empty value map.
            ExpressionAttributeValues = Values.Count > 0 ? Values : null,
        };
    }
}
