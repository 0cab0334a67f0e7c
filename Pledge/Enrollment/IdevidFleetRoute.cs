using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// A fleet route whose pledges hold an IDevID (EDHOC, CMC): each gets one from the demo manufacturer of the data
/// folder as it starts (nothing to provision before), written beside its LDevID once it is enrolled.
/// </summary>
public abstract class IdevidFleetRoute : IFleetRoute
{
    private readonly IdevidMinter _minter;

    protected IdevidFleetRoute(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(options.DataFolder), DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        _minter = new IdevidMinter(Pki.ManufacturerCa);
    }

    public abstract EnrollmentRoute Route { get; }

    protected FleetOptions Options { get; }

    protected PkiMaterial Pki { get; }

    public Task<IReadOnlyDictionary<string, EnrollmentResult>> ProvisionAsync(IReadOnlyList<string> serials, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyDictionary<string, EnrollmentResult>>(new Dictionary<string, EnrollmentResult>());

    public async Task<EnrollmentResult> EnrollAsync(string serial, RegistrarConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var idevid = _minter.Mint(serial, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        var result = await EnrollAsync(serial, idevid, connection, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded && Options.WriteCredentials)
        {
            PledgeFiles.WriteIdevid(PledgeFiles.FolderFor(Options.DataFolder, serial), idevid.CertificateDer, idevid.PrivateKey, durable: false);
        }
        return result;
    }

    /// <summary>The route's enrollment of the pledge holding <paramref name="idevid"/>.</summary>
    protected abstract Task<EnrollmentResult> EnrollAsync(string serial, CertifiedKey idevid, RegistrarConnection connection, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Pki.Dispose();
        }
    }
}
