using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.Storage.Schema;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prefix of every DynamoDB table name, so stages (and test classes) never collide.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,200}$", ErrorMessage = "Storage:TablePrefix may contain only letters, digits, '_', '.' and '-'.")]
    public string TablePrefix { get; set; } = "gistcloud-local-";

    /// <summary>Create missing tables at start. Defaults to on when <c>AWS_ENDPOINT_URL_DYNAMODB</c> is set.</summary>
    public bool? CreateTables { get; set; }
}
