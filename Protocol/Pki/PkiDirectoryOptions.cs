namespace Eals.Protocol.Pki;

/// <summary>
/// How <see cref="PkiDirectory"/> finds or creates the PKI. The embedded default creates what is missing; a
/// production deployment points <see cref="Paths"/> at provisioned files and sets <see cref="CreateMissing"/> false.
/// </summary>
public sealed record PkiDirectoryOptions(PkiPaths Paths)
{
    /// <summary>Create a pair (certificate and key) when both of its files are absent; otherwise refuse.</summary>
    public bool CreateMissing { get; init; } = true;

    public string DomainCaName { get; init; } = "EALS Domain CA";

    public string RegistrarName { get; init; } = "EALS Registrar";

    public string ManufacturerCaName { get; init; } = "EALS Demo Manufacturer CA";

    public TimeSpan DomainCaLifetime { get; init; } = TimeSpan.FromDays(20 * 365);

    public TimeSpan RegistrarLifetime { get; init; } = TimeSpan.FromDays(10 * 365);

    public static PkiDirectoryOptions UnderDataFolder(string dataFolder) => new(PkiPaths.UnderDataFolder(dataFolder));
}
