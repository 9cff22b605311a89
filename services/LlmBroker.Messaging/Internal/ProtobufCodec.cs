using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Contracts;

namespace LlmBroker.Messaging.Internal;

/// <summary>
/// Decodes and encodes one protobuf message type. Binary protobuf is the wire format; a message whose
/// <c>content-type</c> header says JSON is read with the protobuf JSON mapping, so producers without
/// generated code can publish requests.
/// </summary>
internal static class ProtobufCodec<T>
    where T : class, IMessage<T>, new()
{
    public const string ContentTypeHeader = "content-type";

    private static readonly MessageParser<T> s_parser = new(() => new T());
    private static readonly JsonParser s_jsonParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string TypeName { get; } = new T().Descriptor.FullName;

    public static bool TryDecode(byte[]? value, Headers? headers, out T? message, out string error)
    {
        message = null;
        if (value is null)
        {
            error = "the message has no value";
            return false;
        }

        var declaredType = HeaderText(headers, MessageHeaders.MessageType);
        if (declaredType is not null && declaredType != TypeName)
        {
            error = $"expected message type {TypeName} but the header says {declaredType}";
            return false;
        }

        try
        {
            var contentType = HeaderText(headers, ContentTypeHeader);
            message = contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                ? s_jsonParser.Parse<T>(Encoding.UTF8.GetString(value))
                : s_parser.ParseFrom(value);
            error = "";
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or DecoderFallbackException)
        {
            error = $"cannot decode {TypeName}: {e.Message}";
            return false;
        }
    }

    public static string? HeaderText(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
