using System.Security.Cryptography;
using Eals.Grains.Oscore;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Oscore;

namespace Eals.Integration.Tests;

/// <summary>A pledge past EDHOC with one OSCORE-protected CSR ready, and the registrar's context grain it is for.</summary>
public sealed class ProtectedCsr : IAsyncDisposable
{
    private readonly RegistrarConnection _connection;
    private readonly ECDsa _key;

    private ProtectedCsr(PledgeCredentials pledge, RegistrarConnection connection, OscoreSecurityContext context, ECDsa key, OscoreProtection protection, ISecurityContextGrain grain)
    {
        Pledge = pledge;
        _connection = connection;
        Context = context;
        _key = key;
        Protection = protection;
        Grain = grain;
    }

    public PledgeCredentials Pledge { get; }
    public OscoreSecurityContext Context { get; }
    public OscoreProtection Protection { get; }
    public ISecurityContextGrain Grain { get; }

    public static async Task<ProtectedCsr> PrepareAsync(RegistrarHost host, string serial)
    {
        var pledge = host.MintPledge(serial);
        var (connection, enroller) = await host.ConnectAsync(pledge);
        var context = await enroller.RunEdhocAsync();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var inner = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/est/sen");
        inner.Payload = Pkcs10RequestBuilder.ForDevice(key, pledge.SerialNumber);
        inner.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.Pkcs10);
        var protection = (await context.ProtectRequestAsync(inner)).Value!;
        var grain = host.Grains.GetGrain<ISecurityContextGrain>(Convert.ToHexStringLower(enroller.LastConnectionIdI!));
        return new ProtectedCsr(pledge, connection, context, key, protection, grain);
    }

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        _key.Dispose();
        await _connection.DisposeAsync();
    }
}
