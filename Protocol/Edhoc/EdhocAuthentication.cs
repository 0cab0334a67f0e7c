using Eals.Protocol.Cose;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// MAC_2/MAC_3 and Signature_or_MAC_2/3 (RFC 9528 sections 5.3.2, 5.4.2):
/// <code>
/// context_2 = &lt;&lt; C_R, ID_CRED_R, TH_2, CRED_R, ? EAD_2 &gt;&gt;      MAC_2 = EDHOC_KDF( PRK_3e2m, 2, context_2, mac_length_2 )
/// context_3 = &lt;&lt; ID_CRED_I, TH_3, CRED_I, ? EAD_3 &gt;&gt;           MAC_3 = EDHOC_KDF( PRK_4e3m, 6, context_3, mac_length_3 )
/// Signature_or_MAC = MAC, or the COSE_Sign1 signature over
///   [ "Signature1", &lt;&lt; ID_CRED &gt;&gt;, &lt;&lt; TH, CRED, ? EAD &gt;&gt;, MAC ]
/// </code>
/// ID_CRED here is the full map, never the compact form.
/// </summary>
internal sealed class EdhocAuthentication(EdhocKeySchedule schedule, EdhocCipherSuite suite, int messageNumber, bool signs)
{
    public static EdhocAuthentication ForMessage2(EdhocKeySchedule schedule, EdhocSessionState state) =>
        new(schedule, state.CipherSuite, 2, state.Method.ResponderSigns());

    public static EdhocAuthentication ForMessage3(EdhocKeySchedule schedule, EdhocSessionState state) =>
        new(schedule, state.CipherSuite, 3, state.Method.InitiatorSigns());

    /// <summary>The expected Signature_or_MAC length, checked while parsing the plaintext.</summary>
    public int SignatureOrMacLength => SignatureOrMac.Length(signs);

    public bool Signs => signs;

    public byte[] Produce(byte[] prk, byte[]? connectionIdR, byte[] idCred, byte[] th, byte[] credential, byte[] ead, byte[] privateKey)
    {
        byte[] mac = Mac(prk, connectionIdR, idCred, th, credential, ead);
        if (!signs)
        {
            schedule.Record($"signature_or_mac_{messageNumber}", mac);
            return mac;
        }
        byte[] signature = schedule.Crypto.Sign(suite.SignatureAlgorithm, privateKey, SigStructure(idCred, th, credential, ead, mac));
        schedule.Record($"signature_or_mac_{messageNumber}", signature);
        return signature;
    }

    public void Verify(byte[] received, byte[] prk, byte[]? connectionIdR, byte[] idCred, byte[] th, EdhocCredential credential, byte[] ead)
    {
        byte[] mac = Mac(prk, connectionIdR, idCred, th, credential.Value, ead);
        bool valid = signs
            ? schedule.Crypto.Verify(suite.SignatureAlgorithm, credential.PublicKey.VerificationKey, SigStructure(idCred, th, credential.Value, ead, mac), received)
            : EdhocKeyDerivation.MacEquals(mac, received);
        if (!valid)
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.AuthenticationFailed, $"Signature_or_MAC_{messageNumber} does not verify");
        }
        schedule.Record($"signature_or_mac_{messageNumber}", received);
    }

    /// <summary>Checks that a credential's key fits the role it plays under this method and suite.</summary>
    public void RequireSuitableKey(EdhocPublicKey key)
    {
        if (signs ? !key.CanSign(suite) : !key.CanAgree(suite))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.UnsuitableCredential,
                $"{key.Type} key cannot {(signs ? "sign" : "do static DH")} with suite {suite.Id}");
        }
    }

    private byte[] Mac(byte[] prk, byte[]? connectionIdR, byte[] idCred, byte[] th, byte[] credential, byte[] ead)
    {
        byte[] context = [.. connectionIdR is null ? [] : EdhocCbor.EncodeIdentifier(connectionIdR), .. idCred, .. EdhocCbor.EncodeByteString(th), .. credential, .. ead];
        schedule.Record($"context_{messageNumber}", context);
        int label = messageNumber == 2 ? 2 : 6;
        return schedule.Kdf(prk, label, context, SignatureOrMac.MacLength(signs), $"mac_{messageNumber}");
    }

    private byte[] SigStructure(byte[] idCred, byte[] th, byte[] credential, byte[] ead, byte[] mac)
    {
        byte[] structure = CoseStructures.Signature1(idCred, [.. EdhocCbor.EncodeByteString(th), .. credential, .. ead], mac);
        schedule.Record($"sig_structure_{messageNumber}", structure);
        return structure;
    }
}
