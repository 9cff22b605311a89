using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage.Tests;

/// <summary>
/// The sinks' own binary COPY encoding stores exactly what Npgsql's parameter encoding stores for
/// the same values, edge values included.
/// </summary>
public sealed class PgBinaryCopyTests : PostgresTest
{
    private const string CreateSql = """
        CREATE TABLE copy_check (
            id int NOT NULL, t text, a text[], j jsonb, i int, b bigint, f boolean, h bytea,
            n numeric(20,9), ts timestamptz)
        """;

    private static readonly DateTime Before2000 = new(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    public static TheoryData<int, string?, string[], string, int, long?, bool, byte[], long, DateTime?> Rows => new()
    {
        { 1, "plain", [], "{}", 0, 0, false, [], 0, new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc) },
        { 2, "", ["a", "\u00e9", ""], "[{\"a\": \"\u4e2d\"}, null, 1.5]", int.MaxValue, long.MaxValue, true, [0, 1, 255], 1, DateTime.MinValue },
        { 3, null, ["x"], "\"s\\n\"", int.MinValue, null, true, new byte[32], -1, DateTime.MaxValue },
        { 4, "h\u00e9llo \u4e2d \ud83d\ude00 \t\n\\", [], "{\"k\": {\"n\": [1, 2]}}", -7, long.MinValue, false, [7], 999_999_999, Before2000.AddTicks(9_999_990) },
        { 5, "x", ["y", "z"], "[]", 42, -3, false, [1], 1_000_000_000, null },
        { 6, "big", [], "{}", 1, 1, true, [], long.MaxValue, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        { 7, "small", [], "{}", 1, 1, true, [], long.MinValue, new DateTime(1970, 1, 1, 0, 0, 0, 1, 1, DateTimeKind.Utc) },
        { 8, "odd", [], "{}", 1, 1, true, [], 123_456_789_012_345, new DateTime(2038, 1, 19, 3, 14, 8, DateTimeKind.Utc) },
        { 9, "neg", [], "{}", 1, 1, true, [], -5, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(123_4560) },
        { 10, "tenth", [], "{}", 1, 1, true, [], -100_000_000_000, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Copy_EdgeValues_StoresWhatNpgsqlParametersStore(
        int id, string? text, string[] array, string json, int int32, long? int64, bool flag, byte[] bytes, long nanos, DateTime? at)
    {
        await Db.ExecuteAsync(CreateSql);
        await using var connection = await DataSource.OpenConnectionAsync();

        await using (var copy = await PgBinaryCopy.BeginAsync(connection, "COPY copy_check (id, t, a, j, i, b, f, h, n, ts) FROM STDIN (FORMAT BINARY)", default))
        {
            copy.StartRow(10);
            copy.Int32(id);
            copy.TextOrNull(text);
            copy.TextArray(array);
            copy.Jsonb(json);
            copy.Int32(int32);
            copy.Int64OrNull(int64);
            copy.Bool(flag);
            copy.Bytea(bytes);
            copy.NumericNanos(nanos);
            copy.TimestampTzOrNull(at);
            await copy.CompleteAsync(default);
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO copy_check VALUES (@id, @t, @a, @j, @i, @b, @f, @h, @n, @ts)", connection))
        {
            insert.Parameters.AddWithValue("id", -id);
            insert.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = (object?)text ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = array });
            insert.Parameters.Add(new NpgsqlParameter("j", NpgsqlDbType.Jsonb) { Value = json });
            insert.Parameters.AddWithValue("i", int32);
            insert.Parameters.Add(new NpgsqlParameter("b", NpgsqlDbType.Bigint) { Value = (object?)int64 ?? DBNull.Value });
            insert.Parameters.AddWithValue("f", flag);
            insert.Parameters.AddWithValue("h", bytes);
            insert.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Numeric) { Value = nanos / 1_000_000_000m });
            insert.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.TimestampTz) { Value = (object?)at ?? DBNull.Value });
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM copy_check WHERE id = {id}"));
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            SELECT count(*) FROM copy_check AS c JOIN copy_check AS p ON p.id = -c.id
            WHERE c.id = {id}
              AND ((c.t, c.a, c.j, c.i, c.b, c.f, c.h, c.n, c.ts) IS DISTINCT FROM (p.t, p.a, p.j, p.i, p.b, p.f, p.h, p.n, p.ts)
                   OR c.n::text <> p.n::text OR c.a::text <> p.a::text)
            """));
    }

    [Fact]
    public async Task Copy_DisposedBeforeComplete_StoresNothingAndTheConnectionGoesOn()
    {
        await Db.ExecuteAsync(CreateSql);
        await using var connection = await DataSource.OpenConnectionAsync();

        await using (var copy = await PgBinaryCopy.BeginAsync(connection, "COPY copy_check (id, t) FROM STDIN (FORMAT BINARY)", default))
        {
            for (var i = 0; i < 20_000; i++)
            {
                copy.StartRow(2);
                copy.Int32(i);
                copy.Text(new string('x', 20));
                await copy.FlushIfFullAsync(default);
            }
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM copy_check", connection);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Copy_ManyRowsOverSeveralFlushes_StoresEveryRow()
    {
        await Db.ExecuteAsync(CreateSql);
        await using var connection = await DataSource.OpenConnectionAsync();

        await using (var copy = await PgBinaryCopy.BeginAsync(connection, "COPY copy_check (id, t, n) FROM STDIN (FORMAT BINARY)", default))
        {
            for (var i = 0; i < 20_000; i++)
            {
                copy.StartRow(3);
                copy.Int32(i);
                // Longer than one flush: the buffer grows for it.
                copy.Text(i == 7 ? new string('\u4e2d', 100_000) : "row " + i);
                copy.NumericNanos(i);
                await copy.FlushIfFullAsync(default);
            }

            await copy.CompleteAsync(default);
        }

        Assert.Equal(20_000L, await Db.ScalarAsync<long>("SELECT count(*) FROM copy_check"));
        Assert.Equal(300_000L, await Db.ScalarAsync<long>("SELECT octet_length(t) FROM copy_check WHERE id = 7"));
        Assert.Equal("0.000019999", await Db.ScalarAsync<string>("SELECT n::text FROM copy_check WHERE id = 19999"));
    }
}
