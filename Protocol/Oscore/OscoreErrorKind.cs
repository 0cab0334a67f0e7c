namespace Eals.Protocol.Oscore;

/// <summary>Why an OSCORE message could not be protected or verified.</summary>
public enum OscoreErrorKind : byte
{
    /// <summary>The OSCORE option or the compressed COSE object cannot be decoded (RFC 8613 section 8.2 step 2): 4.02.</summary>
    CoseDecodeFailed = 1,
    /// <summary>No Recipient Context for the received 'kid' and 'kid context' (section 8.2 step 2): 4.01.</summary>
    SecurityContextNotFound,
    /// <summary>The Partial IV was received before or is older than the window (section 7.4): 4.01.</summary>
    ReplayDetected,
    /// <summary>AEAD verification failed (section 8.2 step 6): 4.00.</summary>
    DecryptionFailed,
    /// <summary>Decryption succeeded but the plaintext is not a valid code, option list and payload: 4.00.</summary>
    MalformedPlaintext,
    /// <summary>
    /// The request decrypted, but the replay window was lost and the request carried no (or a wrong) Echo:
    /// answer with a protected 4.01 carrying Echo (appendix B.1.2, RFC 9175 section 2.4).
    /// </summary>
    FreshnessUnverified,
    /// <summary>The Sender Sequence Number reached 2^40 - 1: the context cannot protect any more messages (section 7.2.1).</summary>
    SequenceNumbersExhausted,
    /// <summary>The message to protect cannot be protected (e.g. a Proxy-Uri that is not an absolute URI).</summary>
    InvalidMessage,
}
