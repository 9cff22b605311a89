using System.Diagnostics;
using System.Text;
using DotNet.Testcontainers.Builders;
using LlmBroker.Storage;
using Npgsql;
using Testcontainers.PostgreSql;

namespace LlmBroker.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the tests of this process share, found once: <c>LLMBROKER_PG</c> when set
/// (any server), else a Testcontainers PostgreSQL when a Docker engine answers, else the local
/// PostgreSQL 15 started (or reused) by <c>infra/postgres/start.sh</c> with fsync off. Each test
/// works in its own migrated schema (<see cref="CreateSchemaAsync"/>), so tests run in parallel.
/// </summary>
public sealed class PostgresEnvironment
{
    /// <summary>Environment variable holding a connection string to use instead of starting a server.</summary>
    public const string ConnectionStringVariable = "LLMBROKER_PG";

    private static readonly Lazy<Task<PostgresEnvironment>> Shared =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _schemaCounter;

    // Keeps the container referenced for the life of the process (Testcontainers' reaper removes it).
    private readonly PostgreSqlContainer? _container;

    private PostgresEnvironment(string connectionString, string source, PostgreSqlContainer? container)
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Tests want the failing row in the error message; never set in production.
            IncludeErrorDetail = true,
        }.ConnectionString;
        Source = source;
        _container = container;
    }

    /// <summary>Connection string to the database (no schema set).</summary>
    public string ConnectionString { get; }

    /// <summary>Where the server came from: <c>LLMBROKER_PG</c>, <c>testcontainers</c> or <c>start.sh</c>.</summary>
    public string Source { get; }

    /// <summary>The shared environment, started on first use.</summary>
    public static Task<PostgresEnvironment> GetAsync() => Shared.Value;

    /// <summary>
    /// Creates a new schema named after <paramref name="prefix"/> (made unique) and applies every
    /// migration to it. Returns the schema name.
    /// </summary>
    public async Task<string> CreateSchemaAsync(string prefix)
    {
        var schema = UniqueSchemaName(prefix);
        await Task.Run(() => DatabaseMigrator.Migrate(ConnectionString, schema));
        return schema;
    }

    /// <summary>
    /// Creates and migrates a schema (<see cref="CreateSchemaAsync"/>) and opens a data source on it;
    /// disposing the result drops the schema.
    /// </summary>
    public async Task<PostgresTestSchema> CreateTestSchemaAsync(string prefix)
    {
        var schema = await CreateSchemaAsync(prefix);
        return new PostgresTestSchema(this, schema);
    }

    /// <summary>Connection string whose search_path is <paramref name="schema"/>.</summary>
    public string ConnectionStringFor(string schema) => PostgresDataSources.WithSearchPath(ConnectionString, schema);

    /// <summary>A data source whose connections use <paramref name="schema"/>; the caller disposes it.</summary>
    public NpgsqlDataSource CreateDataSource(string schema) => PostgresDataSources.Create(ConnectionString, schema);

    /// <summary>Drops <paramref name="schema"/> and everything in it.</summary>
    public async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"DROP SCHEMA IF EXISTS {QuoteIdentifier(schema)} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string UniqueSchemaName(string prefix)
    {
        var name = new StringBuilder("t_");
        foreach (var c in prefix.ToLowerInvariant())
        {
            if (name.Length >= 34)
            {
                break;
            }

            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        // Process id, counter and random suffix: unique across parallel tests, processes and reruns
        // against a reused server.
        name.Append('_').Append(Environment.ProcessId)
            .Append('_').Append(Interlocked.Increment(ref _schemaCounter))
            .Append('_').Append(Guid.NewGuid().ToString("N").AsSpan(0, 8));
        return name.ToString();
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<PostgresEnvironment> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresEnvironment(configured, ConnectionStringVariable, container: null);
        }

        var container = await TryStartContainerAsync();
        if (container is not null)
        {
            return new PostgresEnvironment(container.GetConnectionString(), "testcontainers", container);
        }

        return new PostgresEnvironment(await RunStartScriptAsync(), "start.sh", container: null);
    }

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            // Throws DockerUnavailableException within about a second when no engine answers.
            container = new PostgreSqlBuilder("postgres:15-alpine")
                .WithDatabase("llmbroker")
                .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300")
                .Build();
        }
        catch (DockerUnavailableException)
        {
            return null;
        }

        await container.StartAsync();
        return container;
    }

    private static async Task<string> RunStartScriptAsync()
    {
        var script = Path.Combine(FindRepositoryRoot(), "infra", "postgres", "start.sh");
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["LLMBROKER_PG_FAST"] = "1";

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: on a fresh machine the script first installs postgresql-15 with apt-get.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within 10 minutes. Output:\n{await stderr}");
        }

        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ConnectionStringVariable + "=", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"{script} failed (exit code {process.ExitCode}). Set {ConnectionStringVariable} to use another server.\n{await stderr}{output}");
        }

        return line[(ConnectionStringVariable.Length + 1)..].Trim();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LlmBroker.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No LlmBroker.sln above {AppContext.BaseDirectory}; set {ConnectionStringVariable} to a PostgreSQL connection string.");
    }
}
