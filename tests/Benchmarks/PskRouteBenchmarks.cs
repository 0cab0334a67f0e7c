using BenchmarkDotNet.Attributes;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Psk;

namespace Eals.Benchmarks;

/// <summary>
/// The pre-shared key route (RFC 9031 parameters) per enrollment: each side derives its OSCORE context from the
/// key (the pledge with <see cref="PskEnroller.CreateContext"/>, the registrar with the parameters PskGrain
/// establishes) and handles the CSR exchange under it, kid context included. Issuing the certificate is not in
/// these figures (it is the same on every route: <see cref="SkgRouteBenchmarks"/>).
/// </summary>
public class PskRouteBenchmarks : RouteBenchmark
{
    private OscoreCsrExchange _exchange = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = PskKeyFile.Mint(RoutePki.Serial);
        _exchange = new OscoreCsrExchange(
            () => PskEnroller.CreateContext(key, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance),
            () => OscoreSecurityContext.Derive(CojpOscoreParameters.ForRegistrar(key.MasterSecret, key.IdContext), new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance),
            includeKidContext: true,
            Pki.Csr,
            Pki.Certificate);
    }

    [Benchmark]
    public ReadOnlyMemory<byte> PledgeShare() => _exchange.PledgeShare();

    [Benchmark]
    public byte[] RegistrarShare() => _exchange.RegistrarShare();
}
