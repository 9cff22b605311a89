namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Words that say a number is a reference of some kind, not personal data.</summary>
internal static class Decoys
{
    /// <summary>
    /// "PO 55120": a purchase order, in capitals only; a lower-case "po" is the Tagalog word of respect ("yung courier po
    /// 0917 …"), which these case-blind sets cannot tell apart.
    /// </summary>
    public static bool IsPurchaseOrder(ReadOnlySpan<char> word) => word is "PO";

    public static readonly WordSet Cues = WordSet.Of(
        "order", "orders", "invoice", "inv", "tracking", "track", "shipment", "parcel", "ref", "reference", "sku", "ticket",
        "build", "version", "ver", "release", "part", "item", "isbn", "serial", "model", "case", "confirmation",
        "booking", "receipt", "transaction", "txn", "batch", "lot", "issue", "pr", "commit", "bestellung", "bestellnummer",
        "rechnung", "commande", "facture", "price", "total", "amount", "usd", "eur", "gbp", "qty", "quantity", "sha", "md", "hash",
        "uuid", "guid", "checksum", "firmware", "kb", "patch", "cve", "rfc", "iso",
        "pedido", "pedidos", "encomenda", "factura", "fatura", "rastreio", "rastreo", "guía", "envío", "ordine", "fattura", "spedizione",
        "zamówienie", "zamowienie", "przesyłka", "bestelling", "bestelnummer", "factuur", "zending", "ordernr", "ordernummer", "ordre", "bestilling", "tilaus",
        "lasku", "sipariş", "auftragsnummer", "referencia", "referência", "riferimento", "albarán");
}
