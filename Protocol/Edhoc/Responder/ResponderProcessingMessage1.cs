using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>The Responder after accepting message_1; the application inspects EAD_1 and answers.</summary>
public sealed class ResponderProcessingMessage1 : EdhocState
{
    internal ResponderProcessingMessage1(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
        Ead1 = EdhocReceivedCredentialReference.Ead(data);
    }

    public IReadOnlyList<int> SuitesI => Data.SuitesI;

    /// <summary>EAD_1 items (padding removed; unknown critical items already rejected).</summary>
    public IReadOnlyList<EadItem> Ead1 { get; }

    /// <summary>
    /// RFC 9528 section 5.3.2: draws the ephemeral key from <paramref name="random"/>, derives PRK_2e and
    /// PRK_3e2m, authenticates with <paramref name="identityR"/> and encrypts PLAINTEXT_2.
    /// <paramref name="connectionIdR"/> (raw bytes) must differ from C_I: each is the other side's OSCORE Sender ID.
    /// </summary>
    public EdhocResult<EdhocOutgoing<ResponderWaitingForMessage3>> PrepareMessage2(EdhocIdentity identityR, byte[] connectionIdR, IRandomSource random, IReadOnlyList<EadItem>? ead2 = null)
    {
        if (connectionIdR.AsSpan().SequenceEqual(Data.ConnectionIdI))
        {
            throw new ArgumentException("C_R must differ from C_I", nameof(connectionIdR));
        }
        return Step(() => Prepare(identityR, connectionIdR, random, ead2 ?? []));
    }

    private EdhocOutgoing<ResponderWaitingForMessage3> Prepare(EdhocIdentity identityR, byte[] connectionIdR, IRandomSource random, IReadOnlyList<EadItem> ead2)
    {
        var suite = Data.CipherSuite;
        var authentication = EdhocAuthentication.ForMessage2(Schedule, Data);
        authentication.RequireSuitableKey(identityR.Credential.PublicKey);
        var ephemeral = Schedule.Crypto.GenerateKeyPair(suite.Curve, random);
        Schedule.Record("g_y", ephemeral.PublicKey);
        if (ephemeral.PublicKeyY.Length > 0)
        {
            Schedule.Record("g_y_y_coordinate", ephemeral.PublicKeyY);
        }
        Schedule.Record("g_y_cbor", EdhocCbor.EncodeByteString(ephemeral.PublicKey));
        Schedule.Record("c_r_cbor", EdhocCbor.EncodeIdentifier(connectionIdR));
        byte[] gXY = Schedule.SharedSecret(suite.Curve, ephemeral.PrivateKey, Data.GX, "g_xy");
        byte[] th2 = EdhocTranscript.Th2(Schedule, ephemeral.PublicKey, Data.HashMessage1);
        byte[] prk2e = EdhocKeyDerivation.Prk2e(Schedule, th2, gXY);
        var credential = identityR.Credential;
        byte[] eadBytes = EadItem.EncodeSequence(ead2);
        Schedule.Record("id_cred_r", credential.IdCred.Encoded);
        Schedule.Record("cred_r", credential.Value);
        Schedule.Record("ead_2", eadBytes);
        byte[] prk3e2m = EdhocKeyDerivation.Prk3e2m(Schedule, Data, prk2e, th2, identityR.PrivateKey, Data.GX);
        byte[] signatureOrMac = authentication.Produce(prk3e2m, connectionIdR, credential.IdCred.Encoded, th2, credential.Value, eadBytes, identityR.PrivateKey);
        byte[] plaintext2 = new EdhocPlaintext2(connectionIdR, credential.IdCred, signatureOrMac, ead2).Encode();
        Schedule.Record("plaintext_2", plaintext2);
        byte[] keystream = EdhocKeyDerivation.Keystream2(Schedule, prk2e, th2, plaintext2.Length);
        byte[] ciphertext2 = EdhocKeySchedule.Xor(plaintext2, keystream);
        Schedule.Record("ciphertext_2", ciphertext2);
        byte[] message2 = new EdhocMessage2(ephemeral.PublicKey, ciphertext2).Encode();
        Schedule.Record("message_2", message2);
        byte[] th3 = EdhocTranscript.Next(Schedule, th2, plaintext2, credential.Value, "th_3");
        var next = Next(EdhocPhase.ResponderWaitingForMessage3) with
        {
            EphemeralPrivateKey = ephemeral.PrivateKey,
            GY = ephemeral.PublicKey,
            ConnectionIdR = connectionIdR,
            Th = th3,
            Prk3e2m = prk3e2m,
            PeerEad = [],
        };
        return new(new ResponderWaitingForMessage3(next, Schedule.Crypto, Schedule.Observer), message2);
    }
}
