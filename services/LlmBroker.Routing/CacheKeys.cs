using System.Security.Cryptography;
using Google.Protobuf;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Routing;

/// <summary>Exact-match cache keys of redacted requests.</summary>
public static class CacheKeys
{
    /// <summary>
    /// SHA-256 over what determines an answer: model alias, messages, generation parameters and
    /// response format (serialized deterministically: none of them holds a map).
    /// </summary>
    public static string Compute(PromptRequest request)
    {
        var material = new PromptRequest
        {
            Model = request.Model,
            Params = request.Params,
            ResponseFormat = request.ResponseFormat,
        };
        material.Messages.Add(request.Messages);
        return Convert.ToHexStringLower(SHA256.HashData(material.ToByteArray()));
    }
}
