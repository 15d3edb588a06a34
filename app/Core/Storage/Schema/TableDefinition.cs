using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage.Schema;

/// <summary>A key attribute and its DynamoDB scalar type (<c>S</c> or <c>N</c>), spelled as DynamoDB and Pulumi spell it.</summary>
public sealed record KeyField(string Name, string Type)
{
    public const string StringType = "S";
    public const string NumberType = "N";

    public static KeyField Text(string name) => new(name, StringType);

    public static KeyField Number(string name) => new(name, NumberType);
}

/// <summary>A secondary index. Every index of GistCloud projects ALL attributes, so queries never go back to the table.</summary>
public sealed record IndexDefinition(string Name, KeyField HashKey, KeyField RangeKey)
{
    public const string Projection = "ALL";
}

/// <summary>
/// One table as data: the stores, <see cref="TableCreator"/>, and the tests that
/// compare it with the Pulumi program all read the same record, so they cannot drift.
/// </summary>
/// <param name="TimeToLiveAttribute">The number attribute (epoch seconds) DynamoDB's TTL deletes items by; null: no TTL.</param>
public sealed record TableDefinition(
    string NameSuffix,
    KeyField HashKey,
    KeyField? RangeKey,
    IReadOnlyList<IndexDefinition> LocalIndexes,
    IReadOnlyList<IndexDefinition> GlobalIndexes,
    string? TimeToLiveAttribute = null)
{
    public const string BillingMode = "PAY_PER_REQUEST";

    public string TableName(string prefix) => prefix + NameSuffix;

    /// <summary>Every attribute used in a key of the table or of an index, once each (DynamoDB rejects unused ones).</summary>
    public IReadOnlyList<KeyField> KeyAttributes =>
        new[] { HashKey, RangeKey }
            .OfType<KeyField>()
            .Concat(LocalIndexes.SelectMany(i => new[] { i.HashKey, i.RangeKey }))
            .Concat(GlobalIndexes.SelectMany(i => new[] { i.HashKey, i.RangeKey }))
            .Distinct()
            .ToList();

    public CreateTableRequest ToCreateTableRequest(string prefix)
    {
        var request = new CreateTableRequest
        {
            TableName = TableName(prefix),
            BillingMode = new BillingMode(BillingMode),
            AttributeDefinitions = KeyAttributes
                .Select(a => new AttributeDefinition(a.Name, new ScalarAttributeType(a.Type)))
                .ToList(),
            KeySchema = KeySchema(HashKey, RangeKey),
        };

        // Empty index lists are rejected by DynamoDB: leave them unset instead.
        if (LocalIndexes.Count > 0)
        {
            request.LocalSecondaryIndexes = LocalIndexes
                .Select(i => new LocalSecondaryIndex { IndexName = i.Name, KeySchema = KeySchema(i.HashKey, i.RangeKey), Projection = AllProjection() })
                .ToList();
        }

        if (GlobalIndexes.Count > 0)
        {
            request.GlobalSecondaryIndexes = GlobalIndexes
                .Select(i => new GlobalSecondaryIndex { IndexName = i.Name, KeySchema = KeySchema(i.HashKey, i.RangeKey), Projection = AllProjection() })
                .ToList();
        }

        return request;
    }

    /// <summary>How an existing table differs from this definition (keys, attribute types, indexes); empty when it matches.</summary>
    public IReadOnlyList<string> Differences(TableDescription table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var differences = new List<string>();
        var types = (table.AttributeDefinitions ?? []).ToDictionary(a => a.AttributeName, a => a.AttributeType.Value, StringComparer.Ordinal);

        foreach (var attribute in KeyAttributes)
        {
            if (!types.TryGetValue(attribute.Name, out var type) || type != attribute.Type)
            {
                differences.Add($"attribute {attribute.Name} should be {attribute.Type} but is {type ?? "undefined"}");
            }
        }

        CompareKeys(differences, "table", table.KeySchema, HashKey, RangeKey);
        CompareIndexes(differences, "local index", LocalIndexes, (table.LocalSecondaryIndexes ?? []).ToDictionary(i => i.IndexName, i => (i.KeySchema, i.Projection)));
        CompareIndexes(differences, "global index", GlobalIndexes, (table.GlobalSecondaryIndexes ?? []).ToDictionary(i => i.IndexName, i => (i.KeySchema, i.Projection)));
        return differences;
    }

    /// <summary>How the table's TTL setting differs from this definition; null when it matches (ENABLING counts).</summary>
    public string? TimeToLiveDifference(TimeToLiveDescription? ttl)
    {
        var enabled = ttl?.TimeToLiveStatus == TimeToLiveStatus.ENABLED || ttl?.TimeToLiveStatus == TimeToLiveStatus.ENABLING;
        if (TimeToLiveAttribute is null)
        {
            return enabled ? $"time to live should be off but is on {ttl!.AttributeName}" : null;
        }

        return enabled && ttl!.AttributeName == TimeToLiveAttribute
            ? null
            : $"time to live should be on {TimeToLiveAttribute} but is {(enabled ? "on " + ttl!.AttributeName : "off")}";
    }

    private static List<KeySchemaElement> KeySchema(KeyField hash, KeyField? range) =>
        range is null
            ? [new KeySchemaElement(hash.Name, KeyType.HASH)]
            : [new KeySchemaElement(hash.Name, KeyType.HASH), new KeySchemaElement(range.Name, KeyType.RANGE)];

    private static Projection AllProjection() => new() { ProjectionType = new ProjectionType(IndexDefinition.Projection) };

    private static void CompareIndexes(
        List<string> differences,
        string kind,
        IReadOnlyList<IndexDefinition> expected,
        Dictionary<string, (List<KeySchemaElement> Keys, Projection Projection)> actual)
    {
        foreach (var index in expected)
        {
            if (!actual.Remove(index.Name, out var found))
            {
                differences.Add($"{kind} {index.Name} is missing");
                continue;
            }

            CompareKeys(differences, $"{kind} {index.Name}", found.Keys, index.HashKey, index.RangeKey);
            if (found.Projection?.ProjectionType?.Value != IndexDefinition.Projection)
            {
                differences.Add($"{kind} {index.Name} should project {IndexDefinition.Projection}");
            }
        }

        differences.AddRange(actual.Keys.Select(name => $"{kind} {name} is not defined"));
    }

    private static void CompareKeys(List<string> differences, string what, List<KeySchemaElement>? keys, KeyField hash, KeyField? range)
    {
        var actual = (keys ?? []).Select(k => $"{k.AttributeName}:{k.KeyType.Value}");
        var wanted = KeySchema(hash, range).Select(k => $"{k.AttributeName}:{k.KeyType.Value}");
        if (!actual.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            differences.Add($"{what} key should be ({string.Join(", ", wanted)}) but is ({string.Join(", ", actual)})");
        }
    }
}
