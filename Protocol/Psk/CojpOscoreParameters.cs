using System.Text;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Psk;

/// <summary>
/// The OSCORE input parameters of a pre-shared key, as the Constrained Join Protocol fixes them (RFC 9031
/// section 8.1): Master Secret = the PSK, the pledge's Sender ID the empty byte string, the registrar's
/// ("JRC") Sender ID the ASCII bytes "JRC" (0x4a5243), ID Context = the pledge identifier, Master Salt the
/// empty byte string, AES-CCM-16-64-128 with HKDF-SHA-256 (the OSCORE defaults). Since every pledge has
/// the same (empty) Sender ID, the pledge sends its ID Context as 'kid context' so the registrar can find
/// the context.
/// </summary>
public static class CojpOscoreParameters
{
    /// <summary>RFC 9031 section 8.1: a PSK of at least 128 bits.</summary>
    public const int MinSecretLength = 16;

    public const int MaxSecretLength = 64;

    /// <summary>The kid context is carried with a one-byte length (RFC 8613 section 6.1); we keep identifiers short.</summary>
    public const int MaxIdContextLength = 64;

    public static byte[] PledgeSenderId => [];

    public static byte[] RegistrarSenderId => "JRC"u8.ToArray();

    /// <summary>The default pledge identifier when the operator names none: the serial number's UTF-8 bytes.</summary>
    public static byte[] DefaultIdContext(string serial) => Encoding.UTF8.GetBytes(serial);

    /// <summary>The pledge's side: it sends with the empty Sender ID and receives from "JRC".</summary>
    public static OscoreContextParameters ForPledge(byte[] masterSecret, byte[] idContext)
        => new(Check(masterSecret, idContext), PledgeSenderId, RegistrarSenderId, MasterSalt: [], IdContext: idContext.ToArray());

    /// <summary>The registrar's side: it sends as "JRC" and receives from the empty Sender ID.</summary>
    public static OscoreContextParameters ForRegistrar(byte[] masterSecret, byte[] idContext)
        => new(Check(masterSecret, idContext), RegistrarSenderId, PledgeSenderId, MasterSalt: [], IdContext: idContext.ToArray());

    /// <summary>Null when the secret and identifier can form a context, else what is wrong (never the secret itself).</summary>
    public static string? Problem(ReadOnlySpan<byte> masterSecret, ReadOnlySpan<byte> idContext) =>
        masterSecret.Length is < MinSecretLength or > MaxSecretLength
            ? $"the master secret must be {MinSecretLength} to {MaxSecretLength} bytes"
            : idContext.Length is < 1 or > MaxIdContextLength
                ? $"the ID context (pledge identifier) must be 1 to {MaxIdContextLength} bytes"
                : null;

    private static byte[] Check(byte[] masterSecret, byte[] idContext)
    {
        ArgumentNullException.ThrowIfNull(masterSecret);
        ArgumentNullException.ThrowIfNull(idContext);
        if (Problem(masterSecret, idContext) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        return masterSecret.ToArray();
    }
}
