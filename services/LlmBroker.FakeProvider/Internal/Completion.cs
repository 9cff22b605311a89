namespace LlmBroker.FakeProvider.Internal;

/// <summary>The deterministic answer to one request.</summary>
internal sealed record Completion(string Id, long Created, string Model, string Text, int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Prompt tokens read from the prompt cache (part of <see cref="PromptTokens"/>).</summary>
    public int CachedTokens { get; init; }

    /// <summary>Prompt tokens written to the prompt cache (part of <see cref="PromptTokens"/>; Anthropic reports them).</summary>
    public int CacheWriteTokens { get; init; }

    /// <summary>About four characters a token, at least one: close enough to real tokenizers for English text.</summary>
    public static int TokensFor(int chars) => Math.Max(1, (chars + 3) / 4);

    /// <summary>The text as streamed: one piece per word, each word keeping the whitespace before it.</summary>
    public IEnumerable<string> Pieces()
    {
        var start = 0;
        for (var i = 1; i < Text.Length; i++)
        {
            if (char.IsWhiteSpace(Text[i]) && !char.IsWhiteSpace(Text[i - 1]))
            {
                yield return Text[start..i];
                start = i;
            }
        }

        yield return Text[start..];
    }
}
