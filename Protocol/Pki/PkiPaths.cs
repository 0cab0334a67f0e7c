namespace Eals.Protocol.Pki;

/// <summary>Where <see cref="PkiDirectory"/> keeps each certificate (PEM) and private key (PKCS#8 PEM).</summary>
public sealed record PkiPaths(
    string DomainCaCertificate,
    string DomainCaKey,
    string RegistrarCertificate,
    string RegistrarKey,
    string ManufacturerCaCertificate,
    string ManufacturerCaKey)
{
    /// <summary>The embedded default layout: <c>ca/</c>, <c>registrar/</c> and <c>manufacturer/</c> under a data folder.</summary>
    public static PkiPaths UnderDataFolder(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        return new PkiPaths(
            Path.Combine(dataFolder, "ca", "ca.pem"),
            Path.Combine(dataFolder, "ca", "ca.key"),
            Path.Combine(dataFolder, "registrar", "registrar.pem"),
            Path.Combine(dataFolder, "registrar", "registrar.key"),
            Path.Combine(dataFolder, "manufacturer", "ca.pem"),
            Path.Combine(dataFolder, "manufacturer", "ca.key"));
    }
}
