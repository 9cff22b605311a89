using Confluent.Kafka;
using Confluent.Kafka.Admin;
using LlmBroker.Messaging;

namespace LlmBroker.Cli.Topology;

/// <summary>What happened to one topic.</summary>
internal enum TopicCreation
{
    Created,
    AlreadyExists,
    Failed,
}

internal sealed record TopicCreationResult(TopicPlan Topic, TopicCreation Outcome, string? Error);

/// <summary>Creates the catalog's topics on a real cluster with the Kafka admin API.</summary>
internal static class TopicCreator
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates every topic; a topic that exists already is reported, not an error. <c>replicationFactor</c> null means the broker's default.</summary>
    public static async Task<IReadOnlyList<TopicCreationResult>> CreateAsync(
        KafkaOptions kafka,
        IReadOnlyList<TopicPlan> topics,
        short? replicationFactor,
        CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(MessagingClients.AdminConfig(kafka)).Build();
        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            // -1 asks the broker for its default.replication.factor (KIP-464).
            ReplicationFactor = replicationFactor ?? -1,
            Configs = new Dictionary<string, string>(t.Configs),
        }).ToList();

        List<CreateTopicReport> reports;
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { OperationTimeout = s_timeout, RequestTimeout = s_timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            reports = specifications.Select(s => new CreateTopicReport { Topic = s.Name, Error = new Error(ErrorCode.NoError) }).ToList();
        }
        catch (CreateTopicsException e)
        {
            reports = e.Results;
        }

        return topics.Select(topic =>
        {
            var error = reports.FirstOrDefault(r => r.Topic == topic.Name)?.Error;
            return error?.Code switch
            {
                null or ErrorCode.NoError => new TopicCreationResult(topic, TopicCreation.Created, null),
                ErrorCode.TopicAlreadyExists => new TopicCreationResult(topic, TopicCreation.AlreadyExists, null),
                _ => new TopicCreationResult(topic, TopicCreation.Failed, $"{error.Code}: {error.Reason}"),
            };
        }).ToArray();
    }
}
