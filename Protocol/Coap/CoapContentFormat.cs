namespace Eals.Protocol.Coap;

/// <summary>CoAP Content-Formats (IANA registry) used by this system.</summary>
public static class CoapContentFormat
{
    public const ushort TextPlain = 0;                 // text/plain; charset=utf-8
    public const ushort LinkFormat = 40;               // application/link-format (RFC 6690)
    public const ushort Json = 50;                     // application/json
    public const ushort Cbor = 60;                     // application/cbor
    public const ushort CwtClaims = 61;                // application/cwt
    public const ushort EdhocCborSeq = 64;             // application/edhoc+cbor-seq (RFC 9528)
    public const ushort CidEdhocCborSeq = 65;          // application/cid-edhoc+cbor-seq (RFC 9528)
    public const ushort MultipartCore = 62;            // application/multipart-core (RFC 8710)
    public const ushort AceCbor = 19;                  // application/ace+cbor (RFC 9200)
    public const ushort Pkcs7ServerGeneratedKey = 280; // application/pkcs7-mime; smime-type=server-generated-key
    public const ushort Pkcs7CertsOnly = 281;          // application/pkcs7-mime; smime-type=certs-only
    public const ushort Pkcs7CmcRequest = 282;        // application/pkcs7-mime; smime-type=CMC-request
    public const ushort Pkcs7CmcResponse = 283;       // application/pkcs7-mime; smime-type=CMC-response
    public const ushort CsrAttrs = 285;                // application/csrattrs
    public const ushort Pkcs10 = 286;                  // application/pkcs10
    public const ushort PkixCert = 287;                // application/pkix-cert
    public const ushort Pkcs8 = 284;                   // application/pkcs8
    public const ushort VoucherCoseCbor = 836;         // application/voucher-cose+cbor (constrained voucher)
}
