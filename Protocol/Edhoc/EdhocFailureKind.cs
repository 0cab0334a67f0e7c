namespace Eals.Protocol.Edhoc;

/// <summary>Why an EDHOC step failed; each maps to an EDHOC error message (RFC 9528 section 6).</summary>
public enum EdhocFailureKind
{
    /// <summary>Not the expected CBOR sequence: wrong types, wrong number of elements, trailing bytes (RFC 9528 section 3.1).</summary>
    MalformedMessage,

    /// <summary>Valid CBOR, but not deterministically encoded (RFC 8949 section 4.2.1).</summary>
    NonDeterministicEncoding,

    /// <summary>METHOD not defined or not accepted by this party.</summary>
    UnsupportedMethod,

    /// <summary>The selected cipher suite is not supported, or a preferred one is (ERR_CODE 2).</summary>
    WrongSelectedCipherSuite,

    /// <summary>An ephemeral key of the wrong length for the selected suite.</summary>
    InvalidKeyLength,

    /// <summary>A public key that is out of range, not on the curve or of low order (RFC 9528 section 9.2).</summary>
    InvalidPublicKey,

    /// <summary>The Diffie-Hellman result was rejected (X25519 all-zero output).</summary>
    InvalidSharedSecret,

    /// <summary>Signature_or_MAC of the wrong length for the method and suite.</summary>
    WrongMacLength,

    /// <summary>A critical EAD item this party does not understand (RFC 9528 section 3.8).</summary>
    UnknownCriticalEad,

    /// <summary>CIPHERTEXT_3 or CIPHERTEXT_4 failed to decrypt.</summary>
    DecryptionFailed,

    /// <summary>A MAC or signature did not verify.</summary>
    AuthenticationFailed,

    /// <summary>ID_CRED does not reference a credential this party knows (ERR_CODE 3).</summary>
    UnknownCredential,

    /// <summary>The credential's key cannot authenticate under this method and suite.</summary>
    UnsuitableCredential,

    /// <summary>The peer sent an EDHOC error message.</summary>
    PeerError,

    /// <summary>The state was already used (a replayed or out-of-order message) or could not be restored.</summary>
    UnexpectedState,
}
