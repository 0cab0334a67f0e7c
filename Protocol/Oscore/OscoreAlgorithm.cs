namespace Eals.Protocol.Oscore;

/// <summary>
/// The AEAD and HKDF parameters of the one algorithm pair this stack implements: AES-CCM-16-64-128
/// (COSE algorithm 10, RFC 9053 section 4.2) with HKDF-SHA-256, the mandatory-to-implement defaults
/// of RFC 8613 section 3.2.1.
/// </summary>
public static class OscoreAlgorithm
{
    /// <summary>COSE algorithm identifier of AES-CCM-16-64-128.</summary>
    public const int AesCcm16_64_128 = 10;

    /// <summary>Key length in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>Nonce length in bytes (the Common IV has the same length).</summary>
    public const int NonceLength = 13;

    /// <summary>Authentication tag length in bytes; every ciphertext is at least this long.</summary>
    public const int TagLength = 8;

    /// <summary>RFC 8613 section 3.3: Sender and Recipient IDs are at most nonce length - 6 bytes.</summary>
    public const int MaxIdLength = NonceLength - 6;

    /// <summary>RFC 8613 section 6.1: the Partial IV is at most 5 bytes.</summary>
    public const int MaxPartialIvLength = 5;

    /// <summary>RFC 8613 sections 7.2.1 and 12: the largest Sender Sequence Number, 2^40 - 1.</summary>
    public const ulong MaxSequenceNumber = (1UL << 40) - 1;
}
