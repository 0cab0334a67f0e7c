using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Enrollment;
using Eals.Grains.Registrar;
using Eals.Masa.Signing;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Benchmarks;

/// <summary>
/// The PKI the route benchmarks share, made once by the code that makes it for a deployment (in a temporary
/// data folder: domain CA, registrar credential and manufacturer CA from <see cref="PkiDirectory"/>, the MASA's
/// signing identity under that manufacturer), one pledge's IDevID, a CSR and the certificate issued for it, and
/// the issuance step every route ends in, with the grains taken out.
/// </summary>
internal sealed class RoutePki : IDisposable
{
    public const string Serial = "SN-ROUTE-BENCH";

    private readonly PkiMaterial _material;
    private readonly LdevidIssuer _issuer;
    private readonly EnrollmentPolicy _policy;
    private readonly AuthenticatedIdentity _identity;

    public RoutePki()
    {
        Folder = Directory.CreateTempSubdirectory("eals-route-bench-").FullName;
        var now = DateTimeOffset.UtcNow;
        _material = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(Folder), now, SystemRandomSource.Instance);
        Masa = MasaSigningIdentity.Open(Folder, now, SystemRandomSource.Instance);
        Idevid = new IdevidMinter(_material.ManufacturerCa).Mint(Serial, now, SystemRandomSource.Instance);
        Registrar = new RegistrarCredentials(_material.Registrar, _material.DomainCa, [_material.ManufacturerCa.Certificate]);
        _issuer = new LdevidIssuer(_material.DomainCa);
        // CertificateIssuance's policy with the default enrollment options.
        var options = new EnrollmentOptions();
        _policy = new EnrollmentPolicy(options.CertificateLifetime, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, clientAuth: true, serverAuth: options.ServerAuth);
        _identity = new AuthenticatedIdentity(Serial, Idevid.Certificate.Subject);
        PledgeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Csr = Pkcs10RequestBuilder.ForDevice(PledgeKey, Serial);
        Certificate = Issue(CsrParser.Parse(Csr)).Der;
    }

    /// <summary>The temporary data folder (the MASA's files go here too); deleted on dispose.</summary>
    public string Folder { get; }

    public MasaSigningIdentity Masa { get; }

    public CertifiedKey Idevid { get; }

    public RegistrarCredentials Registrar { get; }

    public CertificateAuthority DomainCa => _material.DomainCa;

    public X509Certificate2 ManufacturerCa => _material.ManufacturerCa.Certificate;

    public CertificateAuthority ManufacturerAuthority => _material.ManufacturerCa;

    /// <summary>The key the pledge enrolls (its LDevID key), <see cref="Csr"/> for it and the <see cref="Certificate"/> issued.</summary>
    public ECDsa PledgeKey { get; }

    public byte[] Csr { get; }

    public byte[] Certificate { get; }

    /// <summary>CertificateIssuance without its grains: the request bound to the pledge's identity, then signed by the domain CA.</summary>
    public IssuedCertificate Issue(ValidatedCsr csr)
    {
        LdevidIssuer.RequireBinding(csr, _identity);
        return _issuer.Issue(csr, _identity, new PledgeRecord(), _policy, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
    }

    public void Dispose()
    {
        PledgeKey.Dispose();
        Idevid.Dispose();
        Masa.Dispose();
        _material.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
