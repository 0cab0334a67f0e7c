using System.Net.Http.Headers;
using System.Net.Http.Json;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;

namespace Eals.Integration.Tests.Psk;

/// <summary>One registrar for the PSK tests (each test uses its own serials and keys), with the operator API and pledge helpers.</summary>
public sealed class PskRegistrar : IAsyncLifetime
{
    public const string Token = "psk-integration-operator-token";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-psk-" + Guid.NewGuid().ToString("N"));
    private readonly string _pledges = Path.Combine(Path.GetTempPath(), "eals-psk-pledges-" + Guid.NewGuid().ToString("N"));

    public RegistrarHost Host { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token);
        Api = new HttpClient { BaseAddress = Host.Http };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Directory.CreateDirectory(_pledges);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_pledges, recursive: true);
    }

    /// <summary>A new key for <paramref name="serial"/> written where the pledge keeps it (outside the registrar's data).</summary>
    public (PskKeyFile Key, string Path) MintKey(string serial)
    {
        var key = PskKeyFile.Mint(serial);
        string folder = PledgeFiles.FolderFor(_pledges, serial);
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, "psk.json");
        key.Write(path);
        return (key, path);
    }

    public Task ImportAsync(PskKeyFile key) => ImportAsync(Api, key);

    /// <summary>POST /api/psk with <paramref name="api"/> (an operator client), as an operator imports one key; asserts it was accepted.</summary>
    public static async Task ImportAsync(HttpClient api, PskKeyFile key)
    {
        var response = await api.PostAsJsonAsync("/api/psk", new
        {
            serial = key.Serial,
            idContext = Convert.ToHexStringLower(key.IdContext),
            masterSecret = Convert.ToHexStringLower(key.MasterSecret),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Makes <paramref name="key"/>'s registrar context again as the release before first-use authentication stored
    /// it: same keys and identity, without the AuthenticatesOnFirstUse flag.
    /// </summary>
    public static Task EstablishAsTheReleaseBeforeDidAsync(RegistrarHost host, PskKeyFile key)
    {
        var parameters = Protocol.Psk.CojpOscoreParameters.ForRegistrar(key.MasterSecret, key.IdContext);
        var identity = new Grains.Pledges.PledgeIdentity(key.Serial, $"serialNumber={key.Serial}", "pre-shared key imported by admin",
            Grains.Pledges.PledgeCredentialKind.PreSharedKey, CertificateSerial: "");
        return host.Grains.GetGrain<Grains.Oscore.ISecurityContextGrain>(Grains.Psk.PskContextKey.For(key.IdContext, Protocol.Psk.CojpOscoreParameters.PledgeSenderId))
            .EstablishAsync(new Grains.Oscore.OscoreEstablishment(key.MasterSecret, parameters.MasterSalt ?? [], parameters.SenderId.ToArray(), parameters.RecipientId.ToArray(), identity, key.IdContext));
    }

    /// <summary>Runs the pledge side as `Pledge enroll-psk` does, with the sequence store beside the key file.</summary>
    public Task<EnrollmentResult> EnrollAsync(PskKeyFile key, string keyPath)
        => EnrollAsync(Host.Registrar, key, FileSequenceNumberStore.Open(keyPath + ".seq"));

    /// <summary>One enroll-psk run against <paramref name="registrar"/>.</summary>
    public static async Task<EnrollmentResult> EnrollAsync(Uri registrar, PskKeyFile key, FileSequenceNumberStore sequence)
    {
        await using var connection = await RegistrarConnection.OpenAsync(registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { ExchangeRepeats = 1 };
        return await new PskEnroller(channel, key, sequence, SystemRandomSource.Instance).EnrollAsync();
    }
}
