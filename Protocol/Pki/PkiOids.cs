namespace Eals.Protocol.Pki;

/// <summary>Object identifiers the PKI layer reads and writes (dotted form, as the BCL takes them).</summary>
public static class PkiOids
{
    public const string EcPublicKey = "1.2.840.10045.2.1";          // RFC 5480 section 2.1.1
    public const string Secp256r1 = "1.2.840.10045.3.1.7";          // RFC 5480 section 2.1.1.1
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";    // RFC 5758 section 3.2
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string DecryptKeyIdentifier = "1.2.840.113549.1.9.16.2.37";         // RFC 7030 section 4.4.1.1 (id-aa-decryptKeyID)
    public const string AsymmetricDecryptKeyIdentifier = "1.2.840.113549.1.9.16.2.54"; // RFC 7030 section 4.4.1.2 (id-aa-asymmDecryptKeyID)
    public const string SerialNumber = "2.5.4.5";                   // X.520 serialNumber (RFC 8995 section 2.3.1)
    public const string CommonName = "2.5.4.3";
    public const string Organization = "2.5.4.10";
    public const string OrganizationalUnit = "2.5.4.11";
    public const string ExtensionRequest = "1.2.840.113549.1.9.14"; // PKCS#9 (RFC 2985 section 5.4.2)
    public const string ChallengePassword = "1.2.840.113549.1.9.7";
    public const string BasicConstraints = "2.5.29.19";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string SubjectAltName = "2.5.29.17";
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
}
