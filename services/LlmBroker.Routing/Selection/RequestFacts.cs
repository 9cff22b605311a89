using System.Text;
using LlmBroker.Contracts.V1;
using Microsoft.ML.Tokenizers;

namespace LlmBroker.Routing.Selection;

/// <summary>
/// What the routing rules need from one request, computed once: the pinned deployment, the required
/// tags, and the prompt size (a cheap upper bound first, the tokenizer's count only when it matters).
/// </summary>
internal sealed class RequestFacts
{
    private const int TokensPerMessage = 4;
    private const int TokensPerReply = 3;
    private readonly PromptRequest _request;
    private int _estimatedTokens = -1;

    public RequestFacts(PromptRequest request)
    {
        _request = request;
        if (request.Tags.Count > 0)
        {
            if (request.Tags.TryGetValue(RoutingTags.Deployment, out var pin) && pin.Length > 0)
            {
                PinnedDeployment = pin.Trim();
            }

            if (request.Tags.TryGetValue(RoutingTags.RouteTags, out var tags) && tags.Length > 0)
            {
                RequiredTags = tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        MaxOutputTokens = request.Params is { HasMaxTokens: true } p ? p.MaxTokens : 0;
        var bytes = TokensPerReply;
        foreach (var message in request.Messages)
        {
            // Byte-level BPE never makes more tokens than UTF-8 bytes: a bound that costs no tokenizing.
            bytes += Encoding.UTF8.GetByteCount(message.Content) + TokensPerMessage;
        }

        TokenUpperBound = bytes + MaxOutputTokens;
    }

    public string? PinnedDeployment { get; }

    public string[]? RequiredTags { get; }

    public int MaxOutputTokens { get; }

    /// <summary>Prompt plus answer tokens can be no more than this.</summary>
    public int TokenUpperBound { get; }

    /// <summary>Estimated prompt tokens (o200k_base) plus the requested answer tokens.</summary>
    public int RequiredTokens
    {
        get
        {
            if (_estimatedTokens < 0)
            {
                _estimatedTokens = PromptTokenEstimator.Count(_request) + MaxOutputTokens;
            }

            return _estimatedTokens;
        }
    }

    /// <summary>Whether the request fits a context window of <paramref name="contextWindow"/> tokens (0: unknown, fits).</summary>
    public bool Fits(int contextWindow) =>
        contextWindow <= 0 || TokenUpperBound <= contextWindow || RequiredTokens <= contextWindow;
}

/// <summary>Counts prompt tokens offline with the o200k_base encoding (GPT-4o's), close enough for other providers' limits.</summary>
internal static class PromptTokenEstimator
{
    private static readonly Lazy<Tokenizer> s_tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static int Count(string text) => s_tokenizer.Value.CountTokens(text);

    public static int Count(PromptRequest request)
    {
        var tokens = 3;
        foreach (var message in request.Messages)
        {
            tokens += 4 + Count(message.Content);
        }

        return tokens;
    }
}
