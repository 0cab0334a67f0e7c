namespace Eals.Protocol.Cmc;

/// <summary>Object identifiers of CMC (RFC 5272 section 3) and the CMS parts it uses (RFC 5652, RFC 5754, RFC 5758).</summary>
public static class CmcOids
{
    /// <summary>id-cct-PKIData: the eContentType of a Full PKI Request.</summary>
    public const string PkiData = "1.3.6.1.5.5.7.12.2";
    /// <summary>id-cct-PKIResponse: the eContentType of a Full PKI Response.</summary>
    public const string PkiResponse = "1.3.6.1.5.5.7.12.3";

    public const string StatusInfoV2 = "1.3.6.1.5.5.7.7.25";
    public const string TransactionId = "1.3.6.1.5.5.7.7.5";
    public const string SenderNonce = "1.3.6.1.5.5.7.7.6";
    public const string RecipientNonce = "1.3.6.1.5.5.7.7.7";

    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
}
