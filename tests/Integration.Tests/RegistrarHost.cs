using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Eals.Gateway.Hosting;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Silo;
using Eals.Silo.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Eals.Integration.Tests;

/// <summary>The embedded default on loopback (free ports), as `dotnet run --project Silo` runs it, plus pledge helpers.</summary>
public sealed class RegistrarHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RegistrarHost(WebApplication app, string data, int port)
    {
        _app = app;
        Data = data;
        Port = port;
    }

    public string Data { get; }

    public int Port { get; }

    public Uri Registrar => new($"coap://127.0.0.1:{Port}");

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public PkiMaterial Pki => _app.Services.GetRequiredService<PkiMaterial>();

    /// <summary>The dashboard host's address (operator API under /api).</summary>
    public Uri Http => new(_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts a silo on <paramref name="data"/>; <paramref name="udpPort"/> 0 picks a free one.</summary>
    public static async Task<RegistrarHost> StartAsync(string data, int udpPort = 0, params string[] extra)
    {
        string[] args = [.. SiloArguments.For(data).Where((_, i) => i < 2 || i > 3), "--Gateway:Port", udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Gateway:Addresses:0", "127.0.0.1", .. extra];
        var app = EmbeddedSilo.Build(args);
        await app.StartAsync();
        int port = app.Services.GetRequiredService<GatewayHostedService>().Transports[0].LocalEndPoint.Port;
        return new RegistrarHost(app, data, port);
    }



    /// <summary>
    /// A new pledge with an IDevID from the demo manufacturer. Zero-touch by default: it trusts the MASA
    /// (the manufacturer CA) and learns the domain from the voucher; the domain CA is installed too for the
    /// forward flow, which carries no voucher. <paramref name="vouchers"/> false: only the domain CA.
    /// </summary>
    public PledgeCredentials MintPledge(string serial, bool vouchers = true)
    {
        using var idevid = new IdevidMinter(Pki.ManufacturerCa).Mint(serial, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        return new PledgeCredentials(serial, new X509Certificate2(idevid.Certificate), idevid.PrivateKey.ExportAndImport(), Pki.DomainCa.Certificate,
            vouchers ? Pki.ManufacturerCa.Certificate : null);
    }

    public async Task<(RegistrarConnection Connection, PledgeEnroller Enroller)> ConnectAsync(PledgeCredentials pledge, double loss = 0)
    {
        var connection = await RegistrarConnection.OpenAsync(Registrar, loss);
        return (connection, new PledgeEnroller(connection.Client, connection.Registrar, pledge, SystemRandomSource.Instance));
    }

    public async Task StopAsync() => await _app.StopAsync();

    /// <summary>An issued certificate's record, found the way the operator API finds it.</summary>
    public Task<Eals.Grains.Certificates.CertificateRecord?> FindCertificateAsync(string serialHex) =>
        Eals.Grains.Certificates.CertificateRecords.FindAsync(Grains, _app.Services.GetService<Eals.Grains.Storage.IGrainStateLookup>(), serialHex);

    /// <summary>Writes to the pledge directory the changes this silo has gathered (it does so by itself every half second).</summary>
    public Task FlushDirectoryAsync() => _app.Services.GetRequiredService<Eals.Grains.Fleet.PledgeDirectoryUpdates>().FlushAsync();

    /// <summary>The pledge directory's store, as the operator API reads it.</summary>
    public Eals.Grains.Fleet.IPledgeDirectoryStore Directory => _app.Services.GetRequiredService<Eals.Grains.Fleet.IPledgeDirectoryStore>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
