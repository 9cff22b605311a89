using System.ComponentModel.DataAnnotations;
using LlmBroker.Storage.Internal;

namespace LlmBroker.Storage;

/// <summary>
/// Where the PostgreSQL tables live. Bound from the <c>Postgres</c> configuration section and
/// validated at start (<c>ValidateDataAnnotations().ValidateOnStart()</c>).
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Postgres";

    /// <summary>The default schema.</summary>
    public const string DefaultSchema = "llmbroker";

    /// <summary>
    /// Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres;Database=llmbroker</c>.
    /// Required; no default. (<c>infra/postgres/start.sh</c> prints one for development.)
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Schema holding the tables; created by the migrator when missing. Default <c>llmbroker</c>.
    /// Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63
    /// characters (a plain PostgreSQL identifier, so it is never quoted).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression(SchemaNames.Pattern, ErrorMessage = "Schema must be a plain lower-case PostgreSQL identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit).")]
    public string Schema { get; set; } = DefaultSchema;
}
