using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The fleet over ACE: the manufacturer orders one access token per pledge from its AS (<c>POST {MASA}/ace/tokens</c>
/// with the MASA admin token, for the data folder's registrar as audience) and installs it in the pledge's folder;
/// then each pledge enrolls through /authz-info as <c>enroll-ace</c> does, trusting the data folder's manufacturer CA.
/// </summary>
public sealed class AceFleetRoute : IFleetRoute
{
    public const string ProvisionStep = "ace-token";

    private readonly FleetOptions _options;
    private readonly PkiMaterial _pki;
    private readonly ConcurrentDictionary<string, AceCredentials> _credentials = new(StringComparer.Ordinal);

    public AceFleetRoute(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(options.DataFolder), DateTimeOffset.UtcNow, SystemRandomSource.Instance);
    }

    public EnrollmentRoute Route => EnrollmentRoute.Ace;

    public async Task<IReadOnlyDictionary<string, EnrollmentResult>> ProvisionAsync(IReadOnlyList<string> serials, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentDictionary<string, EnrollmentResult>(StringComparer.Ordinal);
        // The audience is the registrar's name: its certificate's common name (docs/routes/ace.md).
        string audience = _pki.Registrar.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        HttpClient masa;
        try
        {
            masa = BearerApi.Create(_options.MasaUrl ?? throw new InvalidOperationException("the ACE route needs the MASA's URL"), _options.MasaTokenFileOrDefault);
        }
        catch (HttpRequestException exception)
        {
            return serials.ToDictionary(s => s, _ => EnrollmentResult.Failed(ProvisionStep, exception.Message, attempts: 0), StringComparer.Ordinal);
        }
        using (masa)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(serials, parallel, async (serial, token) =>
            {
                try
                {
                    var credentials = await AceTokenOrders.OrderAsync(masa, serial, audience, _pki.ManufacturerCa.Certificate, token).ConfigureAwait(false);
                    AceTokenOrders.WriteFiles(PledgeFiles.FolderFor(_options.DataFolder, serial), credentials);
                    _credentials[serial] = credentials;
                }
                catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException)
                {
                    failures[serial] = EnrollmentResult.Failed(ProvisionStep, exception.Message, attempts: 0);
                }
            }).ConfigureAwait(false);
        }
        return failures;
    }

    public Task<EnrollmentResult> EnrollAsync(string serial, RegistrarConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = _credentials.TryGetValue(serial, out var ordered) ? ordered : throw new InvalidOperationException($"{serial} was not provisioned");
        var channel = new RegistrarChannel(connection.Client, connection.Registrar);
        return new AceEnroller(channel, credentials, SystemRandomSource.Instance).EnrollAsync(cancellationToken);
    }

    public void Dispose() => _pki.Dispose();
}
