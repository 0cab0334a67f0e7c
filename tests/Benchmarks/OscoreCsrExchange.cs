using Eals.Grains.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Oscore;

namespace Eals.Benchmarks;

/// <summary>
/// The enrollment exchange over OSCORE once a route has its keys: POST /.well-known/est/sen with the PKCS#10,
/// 2.04 with the certificate, each side from a context derived anew. Recorded once, so each side's share can
/// replay the other's message: a fresh context starts at sequence number 0 with an empty replay window, so the
/// recorded messages verify again every time.
/// </summary>
internal sealed class OscoreCsrExchange
{
    private readonly Func<OscoreSecurityContext> _pledgeContext;
    private readonly Func<OscoreSecurityContext> _registrarContext;
    private readonly bool _includeKidContext;
    private readonly byte[] _csr;
    private readonly byte[] _certificate;
    private readonly byte[] _request;
    private readonly byte[] _response;

    public OscoreCsrExchange(Func<OscoreSecurityContext> pledgeContext, Func<OscoreSecurityContext> registrarContext, bool includeKidContext, byte[] csr, byte[] certificate)
    {
        _pledgeContext = pledgeContext;
        _registrarContext = registrarContext;
        _includeKidContext = includeKidContext;
        _csr = csr;
        _certificate = certificate;
        using var pledge = pledgeContext();
        _request = CoapMessageSerializer.Serialize(Completed(pledge.ProtectRequestAsync(InnerRequest(), includeKidContext)).Message);
        _response = RegistrarShare();
    }

    /// <summary>The pledge: derives its context, protects and encodes the request, verifies the answer; returns the certificate.</summary>
    public ReadOnlyMemory<byte> PledgeShare()
    {
        using var context = _pledgeContext();
        var protection = Completed(context.ProtectRequestAsync(InnerRequest(), _includeKidContext));
        if (CoapMessageSerializer.Serialize(protection.Message).Length != _request.Length)
        {
            throw new InvalidOperationException("the request differs from the recorded one");
        }
        var opened = context.UnprotectResponse(Parse(_response), protection.Binding);
        return opened.Value?.Payload ?? throw new InvalidOperationException($"the response did not verify: {opened.Error}");
    }

    /// <summary>The registrar: derives its context, verifies the request, protects and encodes the 2.04 with the certificate.</summary>
    public byte[] RegistrarShare()
    {
        using var context = _registrarContext();
        var verified = context.UnprotectRequest(Parse(_request));
        if (!verified.IsSuccess)
        {
            throw new InvalidOperationException($"the request did not verify: {verified.Error}");
        }
        var response = InnerResponses.Create(CoapCode.Changed, _certificate, CoapContentFormat.PkixCert);
        return CoapMessageSerializer.Serialize(Completed(context.ProtectResponseAsync(response, verified.Value.Binding)).Message);
    }

    // As RegistrarChannel.ProtectedExchangeAsync builds it.
    private CoapMessage InnerRequest()
    {
        var inner = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/est/sen");
        inner.Payload = _csr;
        inner.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.Pkcs10);
        return inner;
    }

    private static CoapMessage Parse(byte[] datagram) =>
        CoapMessageParser.Parse(datagram).Message ?? throw new InvalidOperationException("the recorded message does not parse");

    private static OscoreProtection Completed(ValueTask<OscoreResult<OscoreProtection>> pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("An in-memory sequence store completes synchronously.");
        }
        return pending.Result.Value ?? throw new InvalidOperationException($"protect failed: {pending.Result.Error}");
    }
}
