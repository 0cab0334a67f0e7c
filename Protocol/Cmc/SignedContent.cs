namespace Eals.Protocol.Cmc;

/// <summary>
/// What a verified CMS SignedData carried: its eContentType and content, the signer's certificate (DER),
/// every certificate in the message (the signer's included) and the signingTime attribute, if any.
/// </summary>
public sealed record SignedContent(
    string ContentType,
    byte[] Content,
    byte[] SignerCertificate,
    IReadOnlyList<byte[]> Certificates,
    DateTimeOffset? SigningTime);
