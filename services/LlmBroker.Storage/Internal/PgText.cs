using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage.Internal;

/// <summary>Text and value writing for binary COPY.</summary>
internal static class PgText
{
    /// <summary>
    /// PostgreSQL text and jsonb cannot hold U+0000; a model that emits one must not make the whole
    /// batch fail (and be retried forever), so it is dropped.
    /// </summary>
    public static string Clean(string value) =>
        value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;

    /// <summary>What <see cref="WriteTextOrNullAsync"/> stores: null when empty, else the cleaned text.</summary>
    public static string? CleanOrNull(string? value) => OutcomeFields.NullIfEmpty(value) is { } text ? Clean(text) : null;

    public static string[] CleanAll(IReadOnlyCollection<string> values)
    {
        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = Clean(value);
        }

        return array;
    }

    /// <summary>Writes already cleaned text, or NULL.</summary>
    public static Task WriteNullableTextAsync(this NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public static Task WriteTextAsync(this NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(Clean(value), NpgsqlDbType.Text, cancellationToken);

    /// <summary>Writes <paramref name="value"/>, or NULL when it is empty.</summary>
    public static Task WriteTextOrNullAsync(this NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        importer.WriteTextAsync(OutcomeFields.NullIfEmpty(value), cancellationToken);

    public static Task WriteJsonbAsync(this NpgsqlBinaryImporter importer, string json, CancellationToken cancellationToken) =>
        importer.WriteAsync(json, NpgsqlDbType.Jsonb, cancellationToken);

    public static Task WriteTimestampAsync(this NpgsqlBinaryImporter importer, DateTime? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Value, NpgsqlDbType.TimestampTz, cancellationToken);

    public static Task WriteBigintAsync(this NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Value, NpgsqlDbType.Bigint, cancellationToken);

    public static Task WriteTextArrayAsync(this NpgsqlBinaryImporter importer, IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = Clean(value);
        }

        return importer.WriteAsync(array, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
    }
}
