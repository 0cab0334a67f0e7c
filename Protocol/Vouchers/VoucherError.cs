namespace Eals.Protocol.Vouchers;

/// <summary>Why a voucher, voucher request or COSE_Sign1 was refused.</summary>
public enum VoucherError
{
    /// <summary>Not well-formed CBOR, wrong CBOR types, missing mandatory leaves, trailing bytes, bad COSE structure.</summary>
    Malformed,

    /// <summary>Well-formed CBOR that is not deterministically encoded (RFC 8949 section 4.2.1).</summary>
    NonDeterministicEncoding,

    /// <summary>A SID key the module does not define (or this implementation does not model), or an unknown critical COSE header.</summary>
    UnknownKey,

    /// <summary>The signature does not verify with the signer's key.</summary>
    BadSignature,

    /// <summary>The signer's certificate does not chain to the trust anchor.</summary>
    UntrustedSigner,

    /// <summary>A COSE algorithm other than ES256 (-7) or EdDSA (-8), or a key of another type.</summary>
    UnsupportedAlgorithm,

    /// <summary>The voucher names another pledge.</summary>
    SerialMismatch,

    /// <summary>The voucher's nonce is absent or differs from the pledge's.</summary>
    NonceMismatch,

    /// <summary>The voucher's expires-on lies before now.</summary>
    Expired,

    /// <summary>The voucher's created-on lies after now.</summary>
    NotYetValid,

    /// <summary>The voucher's assertion is not one the pledge accepts.</summary>
    AssertionNotAccepted,

    /// <summary>Neither pinned-domain-cert nor pinned-domain-pubk is present.</summary>
    PinnedDomainMissing,

    /// <summary>The pinned domain certificate or key is not a parsable certificate or SubjectPublicKeyInfo.</summary>
    PinnedDomainUnparsable,
}
