using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// Mints factory identities (IDevIDs, IEEE 802.1AR; RFC 8995 section 2.3.1) under a manufacturer CA: a fresh
/// P-256 key and an end-entity certificate whose subject carries the pledge's serialNumber. Cheap enough for
/// the fleet simulator to mint thousands: one key generation and one signature each.
/// </summary>
public sealed class IdevidMinter
{
    private static readonly X509Extension[] Extensions =
    [
        new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true),
        // The IDevID key signs in EDHOC (suite 2) or takes part in static DH.
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true),
    ];

    private readonly CertificateAuthority _manufacturer;

    public IdevidMinter(CertificateAuthority manufacturer)
    {
        ArgumentNullException.ThrowIfNull(manufacturer);
        _manufacturer = manufacturer;
    }

    /// <summary>
    /// Mints the IDevID of the pledge with <paramref name="serialNumber"/>. RFC 8995 section 2.3.1: the
    /// certificate should not expire, so notAfter is 99991231235959Z (capped at the manufacturer CA's end).
    /// </summary>
    public CertifiedKey Mint(string serialNumber, DateTimeOffset now, IRandomSource random, string? commonName = null)
    {
        var subject = DistinguishedNames.Device(serialNumber, commonName ?? serialNumber);
        return _manufacturer.IssueWithNewKey(subject, Extensions, now - CertificateAuthority.DefaultBackdate, Validity.NoWellDefinedExpiration, random);
    }
}
