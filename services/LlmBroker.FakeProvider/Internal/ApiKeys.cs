using Microsoft.AspNetCore.Http;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>Finds the API key however the client sent it, and masks it for the request log.</summary>
internal static class ApiKeys
{
    /// <summary>Anthropic's <c>x-api-key</c>, Azure's <c>api-key</c>, or an <c>Authorization: Bearer</c> token.</summary>
    public static string? Find(IHeaderDictionary headers)
    {
        if (headers.TryGetValue("x-api-key", out var value) || headers.TryGetValue("api-key", out value))
        {
            return value.ToString();
        }

        var authorization = headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    public static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("api-key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase);

    /// <summary>Last four characters, only for keys long enough that this gives nothing useful away.</summary>
    public static string Last4(string key) => key.Length >= 8 ? key[^4..] : "";

    /// <summary><c>Bearer sk-abcdefgh1234</c> becomes <c>Bearer ***1234</c>.</summary>
    public static string Mask(string value)
    {
        var space = value.LastIndexOf(' ');
        return string.Concat(value.AsSpan(0, space + 1), "***", Last4(value[(space + 1)..]));
    }
}
