using Google.Protobuf;
using LlmBroker.Messaging.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Messaging.Hosting;

/// <summary>Registers the messaging engine and the stages of a process.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds Kafka options (validated at start), the topic names, the shared producer and the
    /// dead-letter writer.
    /// </summary>
    public static IServiceCollection AddLlmBrokerMessaging(this IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TopicNames(sp.GetRequiredService<IOptions<KafkaOptions>>().Value.TopicPrefix));
        services.TryAddSingleton<KafkaMessagePublisher>();
        services.TryAddSingleton<IMessagePublisher>(sp => sp.GetRequiredService<KafkaMessagePublisher>());
        services.TryAddSingleton<DeadLetterWriter>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>
    /// Adds a stage: a consume loop over <paramref name="topics"/> that calls a new
    /// <typeparamref name="THandler"/> for every message, many in flight at once. Its options are
    /// bound from <c>Stages:&lt;stage&gt;</c>.
    /// </summary>
    public static IServiceCollection AddMessageHandler<T, THandler>(this IServiceCollection services, string stage, Func<TopicNames, IEnumerable<string>> topics)
        where T : class, IMessage<T>, new()
        where THandler : class, IMessageHandler<T>
    {
        AddStageOptions(services, stage);
        services.AddSingleton<IHostedService>(sp => new StageService(
            ct => new ParallelConsumer<T>(
                stage,
                topics(sp.GetRequiredService<TopicNames>()).ToArray(),
                sp.GetRequiredService<IOptionsMonitor<ConsumerOptions>>().Get(stage),
                sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
                ActivatorUtilities.CreateInstance<THandler>(sp),
                sp.GetRequiredService<DeadLetterWriter>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"LlmBroker.Stage.{stage}")).RunAsync(ct),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        return services;
    }

    /// <summary>
    /// Adds a sink: a batch consume loop over <paramref name="topics"/> whose handler stores each
    /// batch with its positions; positions are loaded from <typeparamref name="TPositions"/>.
    /// </summary>
    public static IServiceCollection AddBatchHandler<T, THandler, TPositions>(this IServiceCollection services, string stage, Func<TopicNames, IEnumerable<string>> topics)
        where T : class, IMessage<T>, new()
        where THandler : class, IBatchHandler<T>
        where TPositions : class, IConsumerPositionStore
    {
        AddStageOptions(services, stage);
        services.AddSingleton<IHostedService>(sp => new StageService(
            ct => new BatchConsumer<T>(
                stage,
                topics(sp.GetRequiredService<TopicNames>()).ToArray(),
                sp.GetRequiredService<IOptionsMonitor<ConsumerOptions>>().Get(stage),
                sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
                ActivatorUtilities.CreateInstance<THandler>(sp),
                ActivatorUtilities.GetServiceOrCreateInstance<TPositions>(sp),
                sp.GetRequiredService<DeadLetterWriter>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"LlmBroker.Stage.{stage}")).RunAsync(ct),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        return services;
    }

    private static void AddStageOptions(IServiceCollection services, string stage) =>
        services.AddOptions<ConsumerOptions>(stage)
            .BindConfiguration($"{ConsumerOptions.SectionName}:{stage}")
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>Runs one consume loop for the lifetime of the host; a loop that dies stops the host.</summary>
    private sealed class StageService(Func<CancellationToken, Task> run, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await run(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    // The loop ended on its own (fatal error): the process must not keep running half a pipeline.
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                }
            }

        }
    }
}
