using BenchmarkDotNet.Attributes;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Benchmarks;

/// <summary>
/// One OSCORE request protected by the client and verified by the server (RFC 8613 sections 8.1, 8.2):
/// option split, plaintext, AES-CCM-16-64-128 both ways, replay window. Every iteration uses a new
/// sequence number, as a real exchange does.
/// </summary>
[MemoryDiagnoser]
public class OscoreBenchmarks : IDisposable
{
    private OscoreSecurityContext _client = null!;
    private OscoreSecurityContext _server = null!;
    private CoapMessage _request = null!;

    [Params(64, 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var secret = new byte[16];
        var salt = new byte[8];
        SystemRandomSource.Instance.Fill(secret);
        SystemRandomSource.Instance.Fill(salt);
        // Persist the ceiling rarely, so the figure is the protocol and not the (in-memory) store.
        var options = new OscoreContextOptions(SequencePersistInterval: 1 << 20);
        _client = OscoreSecurityContext.Derive(new OscoreContextParameters(secret, new byte[] { 0x01 }, new byte[] { 0x02 }, salt), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance, options);
        _server = OscoreSecurityContext.Derive(new OscoreContextParameters(secret, new byte[] { 0x02 }, new byte[] { 0x01 }, salt), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance, options);
        _request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "/.well-known/est/sen", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        _request.AddOption(CoapOption.FromString(CoapOptionNumber.UriHost, "registrar.example"));
        _request.AddOption(CoapOption.FromUInt(CoapOptionNumber.ContentFormat, 286));
        _request.Payload = new byte[PayloadBytes];
    }

    [Benchmark]
    public CoapMessage ProtectAndUnprotectRequest()
    {
        var pending = _client.ProtectRequestAsync(_request);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("An in-memory store completes synchronously.");
        }
        var protection = pending.Result.Value ?? throw new InvalidOperationException("protect failed");
        var verified = _server.UnprotectRequest(protection.Message);
        return verified.Value?.Message ?? throw new InvalidOperationException($"unprotect failed: {verified.Error}");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        GC.SuppressFinalize(this);
    }
}
