namespace Eals.Protocol.Pki;

/// <summary>The loaded PKI of one deployment: the domain CA, the registrar's EDHOC credential, the demo manufacturer CA.</summary>
public sealed class PkiMaterial : IDisposable
{
    internal PkiMaterial(CertificateAuthority domainCa, CertifiedKey registrar, CertificateAuthority manufacturerCa)
    {
        DomainCa = domainCa;
        Registrar = registrar;
        ManufacturerCa = manufacturerCa;
    }

    public CertificateAuthority DomainCa { get; }

    public CertifiedKey Registrar { get; }

    public CertificateAuthority ManufacturerCa { get; }

    public override string ToString() => $"PkiMaterial(domain CA {DomainCa.Name.Name}, registrar {Registrar.Certificate.Subject}, manufacturer {ManufacturerCa.Name.Name})";

    public void Dispose()
    {
        DomainCa.Dispose();
        Registrar.Dispose();
        ManufacturerCa.Dispose();
    }
}
