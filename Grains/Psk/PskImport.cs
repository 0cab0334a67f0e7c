namespace Eals.Grains.Psk;

/// <summary>
/// One pre-shared key as the operator imports it: the pledge's serial (the identity the key authenticates,
/// which its CSR must name), the subject registered with it, the pledge identifier (OSCORE ID Context) and
/// the master secret. Travels once from the API to the key's grain; never logged, stored only sealed.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.psk-import")]
public sealed record PskImport(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Subject,
    [property: Id(2)] byte[] IdContext,
    [property: Id(3)] byte[] MasterSecret,
    [property: Id(4)] string ImportedBy)
{
    // The master secret must never appear in logs or messages.
    public override string ToString() => $"PskImport({Serial}, ID context {Convert.ToHexStringLower(IdContext)})";
}
