using System.Formats.Cbor;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Ace;

/// <summary>
/// RFC 9203 section 4.3: both sides derive the OSCORE context from the input material and the two nonces.
/// Master Salt = salt | N1 | N2, each encoded as a CBOR byte string; no ID Context (this route sends no contextId);
/// the client's Sender ID is the server's Recipient ID (ace_server_recipientid) and the other way round.
/// </summary>
public static class AceOscoreDerivation
{
    public static byte[] MasterSalt(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce1, ReadOnlySpan<byte> nonce2)
    {
        var writer = new CborWriter(CborConformanceMode.Strict, allowMultipleRootLevelValues: true);
        writer.WriteByteString(salt);
        writer.WriteByteString(nonce1);
        writer.WriteByteString(nonce2);
        return writer.Encode();
    }

    /// <summary>The pledge's (client's) context parameters.</summary>
    public static OscoreContextParameters ForClient(OscoreInputMaterial material, byte[] nonce1, byte[] nonce2, byte[] clientRecipientId, byte[] serverRecipientId)
    {
        ArgumentNullException.ThrowIfNull(material);
        return new OscoreContextParameters(material.MasterSecret, serverRecipientId, clientRecipientId, MasterSalt(material.Salt, nonce1, nonce2));
    }

    /// <summary>The registrar's (resource server's) context parameters.</summary>
    public static OscoreContextParameters ForServer(OscoreInputMaterial material, byte[] nonce1, byte[] nonce2, byte[] clientRecipientId, byte[] serverRecipientId)
    {
        ArgumentNullException.ThrowIfNull(material);
        return new OscoreContextParameters(material.MasterSecret, clientRecipientId, serverRecipientId, MasterSalt(material.Salt, nonce1, nonce2));
    }
}
