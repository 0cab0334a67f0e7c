using Eals.Masa.Signing;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Configuration;

namespace Eals.Silo;

/// <summary>
/// The files that every process of a cluster shares through one data folder (domain CA, registrar
/// credential and demo manufacturer, state-sealing key, operator token, the hosted MASA's credential),
/// created on first start and loaded afterwards, all under one <see cref="DataFolderLock"/>: silos
/// started together never create two domain CAs or two sealing keys.
/// </summary>
public sealed class SharedDataFiles
{
    private SharedDataFiles(PkiMaterial pki, byte[] stateKey, RoutingKeys routingKeys, byte[] operatorTokenHash)
    {
        Pki = pki;
        StateKey = stateKey;
        RoutingKeys = routingKeys;
        OperatorTokenHash = operatorTokenHash;
    }

    public PkiMaterial Pki { get; }

    public byte[] StateKey { get; }

    /// <summary>Shared with the stand-alone gateways: Echo values and connection identifier tags.</summary>
    public RoutingKeys RoutingKeys { get; }

    public byte[] OperatorTokenHash { get; }

    public static SharedDataFiles Prepare(IConfiguration configuration, DataDirectory data)
    {
        using var exclusive = DataFolderLock.Acquire(data.Path);
        var pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(data.Path), DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        byte[] stateKey = StateKeyFile.LoadOrCreate(configuration[StateKeyFile.ConfigurationKey] ?? Path.Combine(data.Path, "keys", "state.key"));
        var routingKeys = new RoutingKeys(StateKeyFile.LoadOrCreateRoutingKey(configuration, data.Path));
        byte[] tokenHash = OperatorToken.LoadHash(configuration[OperatorToken.ConfigurationKey], data.Path);
        if (EmbeddedMasa.IsHosted(configuration))
        {
            // Created now, under the lock; the MASA host opens it again later and then only reads it.
            MasaSigningIdentity.Open(data.Path, DateTimeOffset.UtcNow, SystemRandomSource.Instance).Dispose();
        }
        return new SharedDataFiles(pki, stateKey, routingKeys, tokenHash);
    }
}
