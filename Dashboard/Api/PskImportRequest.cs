namespace Eals.Dashboard.Api;

/// <summary>
/// One pre-shared key to import, as JSON (the body of POST /api/psk, one line of a batch):
/// <c>{"serial": "S", "masterSecret": "HEX", "idContext": "HEX", "subject": "..."}</c>; idContext
/// defaults to the serial's UTF-8 bytes, subject to "serialNumber=S".
/// </summary>
public sealed record PskImportRequest(string? Serial, string? MasterSecret, string? IdContext, string? Subject)
{
    // The master secret must never appear in logs.
    public override string ToString() => $"PskImportRequest({Serial}, ID context {IdContext})";
}
