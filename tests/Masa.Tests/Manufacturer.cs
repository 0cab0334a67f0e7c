using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Masa.Tests;

/// <summary>The demo manufacturer of a data folder (the MASA's own), or a foreign one: SKI and IDevIDs for pledge requests.</summary>
public sealed class Manufacturer : IDisposable
{
    private readonly CertificateAuthority _ca;
    private readonly PkiMaterial? _pki;

    private Manufacturer(CertificateAuthority ca, PkiMaterial? pki)
    {
        _ca = ca;
        _pki = pki;
    }

    public X509Certificate2 Certificate => _ca.Certificate;

    public byte[] KeyIdentifier => _ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();

    public static Manufacturer OfDataFolder(string data)
    {
        var pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(data), DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        return new Manufacturer(pki.ManufacturerCa, pki);
    }

    public static Manufacturer Foreign() =>
        new(CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly("Other Manufacturer CA"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(5), SystemRandomSource.Instance), null);

    /// <summary>The pledge's own voucher request, signed with a freshly minted IDevID for <paramref name="serial"/>.</summary>
    public byte[] PledgeRequest(string serial, byte[] nonce)
    {
        using var idevid = new IdevidMinter(_ca).Mint(serial, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        var payload = VoucherCbor.Encode(new VoucherRequest(serial, VoucherAssertion.Logged, KeyIdentifier, nonce, DateTimeOffset.UtcNow));
        return CoseSign1.Sign(payload, new CoseSigner(idevid.PrivateKey, null, [idevid.CertificateDer]));
    }

    public void Dispose()
    {
        if (_pki is not null)
        {
            _pki.Dispose();
        }
        else
        {
            _ca.Dispose();
        }
    }
}
