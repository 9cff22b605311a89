using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Stack;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Run the whole pipeline in this process until Ctrl+C: Kafka (in-process mock), every stage, PostgreSQL sinks and a fake provider, unless real ones are configured")]
internal sealed class DevCommand(Terminal terminal, CliEnvironment environment) : AsyncCommand<DevSettings>
{
    /// <summary>Tenant of the app whose key the banner shows.</summary>
    public const string DevTenant = "dev";

    /// <summary>The app whose key the banner shows.</summary>
    public const string DevApp = "dev";

    public override ValidationResult Validate(CommandContext context, DevSettings settings)
    {
        if (ProviderChoice.EndpointError(environment) is { } endpointError)
        {
            return ValidationResult.Error(endpointError);
        }

        if (!settings.NoAuth && StackKeyMaterial.Resolve(environment, out var keyError) is null)
        {
            return ValidationResult.Error(keyError!);
        }

        // Without a connection string the local server is started.
        return PostgresConnection.ValidateEnvironment(settings, environment, required: false);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, DevSettings settings, CancellationToken cancellationToken)
    {
        var connection = PostgresConnection.Resolve(settings, environment)
            ?? new PostgresConnection(await LocalPostgres.StartAsync(cancellationToken).ConfigureAwait(false), PostgresConnection.ResolveSchema(settings, environment));
        var provider = ProviderChoice.FromEnvironment(environment);
        var options = new EmbeddedStackOptions
        {
            Postgres = connection,
            BootstrapServers = settings.Bootstrap ?? environment.Get(CliEnvironment.BootstrapServers),
            TopicPrefix = settings.TopicPrefix ?? environment.Get(CliEnvironment.TopicPrefix) ?? "",
            KafkaProperties = environment.WithPrefix(CliEnvironment.KafkaPropertyPrefix),
            Provider = provider,
            Authentication = settings.NoAuth ? null : new StackAuthentication
            {
                KeyMaterial = StackKeyMaterial.Resolve(environment, out _)!,
                Tenant = DevTenant,
                Apps = [DevApp],
            },
        };

        await terminal.Output.WriteLineAsync("Starting the LlmBroker dev stack...").ConfigureAwait(false);
        var stack = await EmbeddedStack.StartAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await terminal.Output.WriteAsync(Banner(stack, options)).ConfigureAwait(false);
            await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WaitUntilStoppedAsync(stack, cancellationToken).ConfigureAwait(false);
            await terminal.Output.WriteLineAsync("Stopping: the stages finish their in-flight work...").ConfigureAwait(false);
        }
        finally
        {
            await stack.DisposeAsync().ConfigureAwait(false);
        }

        // Ctrl+C and SIGTERM are how dev ends; the host stopping by itself means a stage failed.
        var failed = !cancellationToken.IsCancellationRequested && Environment.ExitCode != 0;
        await terminal.Output.WriteLineAsync(failed ? "Stopped: a stage failed (see the log above)" : "Stopped").ConfigureAwait(false);
        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static async Task WaitUntilStoppedAsync(EmbeddedStack stack, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stack.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM or the host stopping: shut down in order.
        }
    }

    /// <summary>What dev prints once the stack runs; the only place the API key it issued is ever shown.</summary>
    internal static string Banner(EmbeddedStack stack, EmbeddedStackOptions options)
    {
        var postgres = options.Postgres;
        var migrations = stack.AppliedMigrations.Count == 0 ? "up to date" : $"{Migrations.Plural(stack.AppliedMigrations.Count, "migration")} applied";
        var kafka = stack.IsMockKafka
            ? $"{stack.BootstrapServers}  (in-process mock cluster, {stack.Topics.Count} pipeline topics)"
            : $"{stack.BootstrapServers}";
        var provider = options.Provider.IsFake
            ? $"{stack.ProviderEndpoint}  (fake provider: answers \"echo: \" + the last user message)"
            : $"{stack.ProviderEndpoint}  ({(options.Provider.ApiKeyEnv is null ? "no API key" : $"key from ${options.Provider.ApiKeyEnv}")})";
        var prefix = options.TopicPrefix.Length > 0 ? $" --topic-prefix {options.TopicPrefix}" : "";
        var auth = options.Authentication is { } authentication
            ? $"signed requests only (app {DevApp} of tenant {DevTenant}; {authentication.KeyMaterial.Describe()})"
            : "off (--no-auth): every request is accepted unsigned";
        var credentials = stack.Keys.TryGetValue(DevApp, out var key)
            ? $"""

            A fresh API key for app {DevApp} (shown this once, never stored; `llmbroker admin keys revoke {key.KeyId}` ends it).
            A producer signs its requests with it (LlmBrokerClientOptions KeyId/ApiKey; the CLI reads these variables):
              export LlmBroker__Tenant={DevTenant} LlmBroker__App={DevApp}
              export LlmBroker__KeyId={key.KeyId}
              export LlmBroker__ApiKey={key.ApiKey}


            """
            : "\n";
        var sample = $$$"""{"custom_id":"hello-1","method":"POST","url":"/v1/chat/completions","body":{"model":"{{{stack.Models[0]}}}","messages":[{"role":"user","content":"Hello, broker!"}]}}""";
        return $$"""

            LlmBroker dev stack is running. Ctrl+C stops it.
              kafka     {{kafka}}
              postgres  {{postgres.Describe()}}, schema {{postgres.Schema}} ({{migrations}})
              provider  {{provider}}
              models    {{string.Join(", ", stack.Models)}}
              stages    {{string.Join(", ", EmbeddedStack.StageNames)}}
              auth      {{auth}}
            {{credentials}}Try it from another terminal (llmbroker = dotnet run --project services/LlmBroker.Cli --):
              echo '{{sample}}' > hello.jsonl
              llmbroker submit hello.jsonl --bootstrap {{stack.BootstrapServers}}{{prefix}} --timeout 1m
              llmbroker costs --pg "{{postgres.WithoutPassword()}}" --schema {{postgres.Schema}} --since 1h

            """;
    }
}
