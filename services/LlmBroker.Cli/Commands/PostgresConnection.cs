using System.ComponentModel.DataAnnotations;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using Npgsql;
using SpectreValidation = Spectre.Console.ValidationResult;

namespace LlmBroker.Cli.Commands;

/// <summary>Where the tables are: command-line options first, then environment variables.</summary>
internal sealed record PostgresConnection(string ConnectionString, string Schema)
{
    public const string MissingConnection = "no PostgreSQL connection string: pass --pg or set Postgres__ConnectionString";

    /// <summary>The connection, or null when no connection string is configured.</summary>
    public static PostgresConnection? Resolve(PostgresSettings settings, CliEnvironment environment)
    {
        var connectionString = settings.Pg ?? environment.Get(CliEnvironment.PostgresConnectionString);
        return connectionString is null ? null : new PostgresConnection(connectionString, ResolveSchema(settings, environment));
    }

    /// <summary><c>--schema</c>, else <c>Postgres__Schema</c>, else <c>llmbroker</c>.</summary>
    public static string ResolveSchema(PostgresSettings settings, CliEnvironment environment) =>
        settings.Schema ?? environment.Get(CliEnvironment.PostgresSchema) ?? PostgresOptions.DefaultSchema;

    /// <summary>
    /// Checks what the environment adds to the options (already checked by the settings): the
    /// connection string when <c>--pg</c> is not given (an error when none is set and
    /// <paramref name="required"/>), and the schema when <c>--schema</c> is not given.
    /// </summary>
    public static SpectreValidation ValidateEnvironment(PostgresSettings settings, CliEnvironment environment, bool required)
    {
        var connection = ValidateConnectionVariable(settings.Pg, environment, required);
        if (!connection.Successful || settings.Schema is not null)
        {
            return connection;
        }

        return environment.Get(CliEnvironment.PostgresSchema) is { } schema && SchemaError(schema) is { } error
            ? SpectreValidation.Error($"{CliEnvironment.PostgresSchema} {error}; got '{schema}'")
            : SpectreValidation.Success();
    }

    /// <summary>Checks <c>Postgres__ConnectionString</c> when <paramref name="option"/> (<c>--pg</c>) is not given.</summary>
    public static SpectreValidation ValidateConnectionVariable(string? option, CliEnvironment environment, bool required)
    {
        if (option is not null)
        {
            return SpectreValidation.Success();
        }

        return environment.Get(CliEnvironment.PostgresConnectionString) switch
        {
            null when required => SpectreValidation.Error(MissingConnection),
            { } configured when ConnectionStringError(configured) is { } error => SpectreValidation.Error($"{CliEnvironment.PostgresConnectionString} {error}"),
            _ => SpectreValidation.Success(),
        };
    }

    /// <summary>Checks a connection string and a schema name given on the command line (either may be null).</summary>
    public static SpectreValidation ValidateOptions(string? connectionString, string? schema)
    {
        if (connectionString is not null && ConnectionStringError(connectionString) is { } connectionError)
        {
            return SpectreValidation.Error($"--pg {connectionError}");
        }

        if (schema is not null && SchemaError(schema) is { } schemaError)
        {
            return SpectreValidation.Error($"--schema {schemaError}; got '{schema}'");
        }

        return SpectreValidation.Success();
    }

    /// <summary>What is wrong with a schema name, or null when it is valid (the rule of <see cref="PostgresOptions.Schema"/>).</summary>
    public static string? SchemaError(string schema)
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(new PostgresOptions()) { MemberName = nameof(PostgresOptions.Schema) };
        return Validator.TryValidateProperty(schema, context, results)
            ? null
            : "must be a plain lower-case PostgreSQL identifier (a-z, 0-9 and _, not starting with a digit, at most 63 characters)";
    }

    /// <summary>What is wrong with a connection string, or null when Npgsql accepts it.</summary>
    public static string? ConnectionStringError(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "must not be empty";
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid connection string: {e.Message}";
        }
    }

    /// <summary>The connection string without its password, for hints printed on the terminal.</summary>
    public string WithoutPassword() => new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString;

    /// <summary>The libpq form psql takes (<c>host=… port=… dbname=… user=…</c>), without the password.</summary>
    public string PsqlConnectionInfo()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"host={builder.Host} port={builder.Port} dbname={builder.Database} user={builder.Username}";
    }

    /// <summary><c>host:port/database</c>, for messages: never the whole string, which may hold a password.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
