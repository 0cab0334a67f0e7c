using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// What a pledge holds: its IDevID (certificate and key, its EDHOC credential, sent as x5chain) and how it
/// comes to trust the registrar: zero-touch, through a voucher signed by its manufacturer's MASA
/// (<see cref="MasaTrustAnchor"/>, RFC 8995), or with a domain CA installed beforehand
/// (<see cref="RegistrarTrustAnchor"/>).
/// </summary>
public sealed class PledgeCredentials
{
    private readonly Lazy<X509Certificate2> _idevid;

    public PledgeCredentials(string serialNumber, X509Certificate2 idevid, ECDsa idevidKey, X509Certificate2? registrarTrustAnchor, X509Certificate2? masaTrustAnchor = null)
        : this(serialNumber, (idevid ?? throw new ArgumentNullException(nameof(idevid))).RawData, new Lazy<X509Certificate2>(idevid), idevidKey, registrarTrustAnchor, masaTrustAnchor)
    {
    }

    /// <summary>
    /// From a freshly minted IDevID: its X509Certificate2 is loaded only if asked for (<see cref="Idevid"/>); the
    /// enrollment itself needs only its DER (loading it costs more than minting it on OpenSSL 3).
    /// </summary>
    public PledgeCredentials(string serialNumber, CertifiedKey idevid, X509Certificate2? registrarTrustAnchor, X509Certificate2? masaTrustAnchor = null)
        : this(serialNumber, (idevid ?? throw new ArgumentNullException(nameof(idevid))).CertificateDer, new Lazy<X509Certificate2>(() => idevid.Certificate), idevid.PrivateKey, registrarTrustAnchor, masaTrustAnchor)
    {
    }

    private PledgeCredentials(string serialNumber, byte[] idevidDer, Lazy<X509Certificate2> idevid, ECDsa idevidKey, X509Certificate2? registrarTrustAnchor, X509Certificate2? masaTrustAnchor)
    {
        ArgumentNullException.ThrowIfNull(idevidKey);
        if (registrarTrustAnchor is null && masaTrustAnchor is null)
        {
            throw new ArgumentException("A pledge needs a MASA trust anchor (vouchers) or a registrar trust anchor.");
        }
        MasaTrustAnchor = masaTrustAnchor;
        SerialNumber = serialNumber;
        IdevidDer = idevidDer;
        _idevid = idevid;
        IdevidKey = idevidKey;
        RegistrarTrustAnchor = registrarTrustAnchor;
        var credential = EdhocCredential.FromX509(idevidDer, EdhocX509Reference.X5Chain);
        if (!credential.IsSuccess)
        {
            throw new ArgumentException($"The IDevID cannot serve as an EDHOC credential: {credential.Failure}", nameof(idevid));
        }
        EdhocIdentity = new EdhocIdentity(credential.Value, idevidKey.ExportParameters(includePrivateParameters: true).D!);
    }

    public string SerialNumber { get; }

    public X509Certificate2 Idevid => _idevid.Value;

    /// <summary>The IDevID certificate's DER.</summary>
    public byte[] IdevidDer { get; }

    public ECDsa IdevidKey { get; }

    public X509Certificate2? RegistrarTrustAnchor { get; }

    /// <summary>The manufacturer trust anchor the MASA's vouchers chain to; when set, the pledge asks for a voucher and trusts only the domain it pins.</summary>
    public X509Certificate2? MasaTrustAnchor { get; }

    public EdhocIdentity EdhocIdentity { get; }

    /// <summary>The keyIdentifier of the IDevID's authorityKeyIdentifier (its issuer, for the voucher request), or null.</summary>
    public byte[]? IdevidIssuerKeyIdentifier()
    {
        try
        {
            return AuthorityKeyIdentifier(IdevidDer) is { } extension ? new X509AuthorityKeyIdentifierExtension(extension, critical: false).KeyIdentifier?.ToArray() : null;
        }
        catch (Exception exception) when (exception is AsnContentException or CryptographicException)
        {
            // Not plain DER: the BCL's own parse of the whole certificate decides.
            return Idevid.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier?.ToArray();
        }
    }

    // The authorityKeyIdentifier extension's value, read from the DER (RFC 5280 section 4.1) without loading the certificate.
    private static byte[]? AuthorityKeyIdentifier(byte[] certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        while (tbs.HasData)
        {
            if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag))
            {
                tbs.ReadEncodedValue();
                continue;
            }
            var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    extension.ReadBoolean();
                }
                byte[] value = extension.ReadOctetString();
                if (oid == "2.5.29.35")
                {
                    return value;
                }
            }
        }
        return null;
    }

    public override string ToString() => $"PledgeCredentials({SerialNumber})";
}
