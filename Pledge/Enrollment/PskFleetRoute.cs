using Eals.Protocol.Crypto;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The fleet over pre-shared keys: one key minted per pledge (<see cref="PskBatch"/>, as <c>psk-mint</c>), each
/// written to its pledge's folder, all imported in one <c>POST /api/psk/batch</c> with the operator token; then
/// each pledge enrolls with its key as <c>enroll-psk</c> does, its sequence numbers kept beside the key file.
/// </summary>
public sealed class PskFleetRoute(FleetOptions options) : IFleetRoute
{
    public const string ProvisionStep = "psk-import";

    private IReadOnlyDictionary<string, string> _keyFiles = new Dictionary<string, string>();
    private Dictionary<string, PskKeyFile> _imported = [];

    public EnrollmentRoute Route => EnrollmentRoute.Psk;

    public async Task<IReadOnlyDictionary<string, EnrollmentResult>> ProvisionAsync(IReadOnlyList<string> serials, CancellationToken cancellationToken)
    {
        var batch = PskBatch.Mint(serials);
        _keyFiles = batch.WritePledgeFiles(options.DataFolder);
        try
        {
            using var api = BearerApi.Create(options.ApiUrl ?? throw new InvalidOperationException("the PSK route needs the operator API's URL"), options.ApiTokenFileOrDefault);
            await batch.ImportAsync(api, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            // Each batch is all or nothing; a fleet of more than one batch may have some keys imported, but its
            // pledges are all reported failed here rather than half of them enrolling.
            var failure = EnrollmentResult.Failed(ProvisionStep, exception.Message, attempts: 0);
            return serials.ToDictionary(s => s, _ => failure, StringComparer.Ordinal);
        }
        _imported = batch.Keys.ToDictionary(k => k.Serial, StringComparer.Ordinal);
        return new Dictionary<string, EnrollmentResult>();
    }

    public async Task<EnrollmentResult> EnrollAsync(string serial, RegistrarConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var key = _imported.TryGetValue(serial, out var imported) ? imported : throw new InvalidOperationException($"{serial} was not provisioned");
        var sequence = FileSequenceNumberStore.Open(_keyFiles[serial] + ".seq");
        var channel = new RegistrarChannel(connection.Client, connection.Registrar);
        return await new PskEnroller(channel, key, sequence, SystemRandomSource.Instance).EnrollAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
    }
}
