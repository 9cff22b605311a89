namespace LlmBroker.Storage.Pricing;

/// <summary>
/// An immutable set of prices with lookup by provider, model and instant: the price whose
/// effective_from is the latest at or before the instant. A model id matches a price of the same id,
/// else the longest price id it extends with a '-' (a dated id such as gpt-4o-2024-08-06 takes the
/// gpt-4o price). The provider must match, except that a model priced under exactly one provider is
/// also found under another name (Gemini or Mistral reached through an OpenAI-compatible endpoint).
/// </summary>
public sealed class PriceList
{
    private readonly Dictionary<(string Provider, string Model), ModelPrice[]> _byProviderModel;
    private readonly Dictionary<string, ModelPrice[]?> _byModel;

    /// <summary>Creates the list; order does not matter.</summary>
    public PriceList(IEnumerable<ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var all = prices.ToArray();
        Count = all.Length;
        _byProviderModel = all
            .GroupBy(p => (p.Provider, p.Model))
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).ToArray());
        _byModel = all
            .GroupBy(p => p.Model, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Count() == 1 ? g.OrderBy(p => p.EffectiveFrom).ToArray() : null,
                StringComparer.Ordinal);
    }

    /// <summary>An empty list.</summary>
    public static PriceList Empty { get; } = new([]);

    /// <summary>Number of price rows.</summary>
    public int Count { get; }

    /// <summary>The price of <paramref name="model"/> at <paramref name="at"/>, or null when none is known.</summary>
    public ModelPrice? Find(string provider, string model, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        for (var candidate = model; candidate.Length > 0; candidate = Shorten(candidate))
        {
            var prices = _byProviderModel.GetValueOrDefault((provider, candidate))
                ?? _byModel.GetValueOrDefault(candidate);
            if (prices is not null)
            {
                return Latest(prices, at);
            }
        }

        return null;
    }

    private static string Shorten(string model)
    {
        var dash = model.LastIndexOf('-');
        return dash <= 0 ? "" : model[..dash];
    }

    private static ModelPrice? Latest(ModelPrice[] prices, DateTimeOffset at)
    {
        ModelPrice? found = null;
        foreach (var price in prices)
        {
            if (price.EffectiveFrom > at)
            {
                break;
            }

            found = price;
        }

        return found;
    }
}
