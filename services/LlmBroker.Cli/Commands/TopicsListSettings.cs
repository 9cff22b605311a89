namespace LlmBroker.Cli.Commands;

/// <summary>Only <c>--topic-prefix</c> matters: listing the catalog needs no connection.</summary>
internal sealed class TopicsListSettings : BrokerSettings;
