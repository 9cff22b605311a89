namespace LlmBroker.Cli.BatchFormat;

/// <summary>Thrown while converting one line; caught by the reader and turned into a line error.</summary>
internal sealed class InvalidBatchLineException(string reason) : Exception(reason);
