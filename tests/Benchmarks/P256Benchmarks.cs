using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Eals.Protocol.Crypto;

namespace Eals.Benchmarks;

/// <summary>
/// The P-256 operations of the cipher suites (<see cref="P256Primitives"/>: inputs checked, keys given as bytes) on
/// each backend: the BCL path every call took before (imports run OpenSSL's full key checks) and the direct libcrypto
/// path (one scalar multiplication per operation). Verify imports the key each call; VerifyCached uses a
/// <see cref="P256VerificationKey"/>-style imported key, as the long-lived CA, MASA and registrar keys are.
/// </summary>
[MemoryDiagnoser]
public class P256Benchmarks : IDisposable
{
    private readonly byte[] _message = RandomNumberGenerator.GetBytes(300);
    private P256Primitives _p256 = null!;
    private KeyPair _own = null!;
    private byte[] _peerX = [];
    private byte[] _rawKey = [];
    private byte[] _signature = [];
    private IP256PublicKey? _cached;

    [Params("BCL", "OpenSSL")]
    public string Backend { get; set; } = "OpenSSL";

    [GlobalSetup]
    public void Setup()
    {
        _p256 = new P256Primitives(Backend == "BCL" ? BclP256.Instance : OpenSslP256.Instance ?? throw new InvalidOperationException("libcrypto 3 is not usable here"));
        _own = _p256.Generate(SystemRandomSource.Instance);
        _peerX = _p256.Generate(SystemRandomSource.Instance).PublicKey;
        _rawKey = [.. _own.PublicKey, .. _own.PublicKeyY];
        _signature = _p256.Sign(_own.PrivateKey, _message);
        _cached = _p256.ImportPublicKey(_rawKey);
    }

    [Benchmark]
    public KeyPair Generate() => _p256.Generate(SystemRandomSource.Instance);

    [Benchmark]
    public byte[] TryAgree() => _p256.TryAgree(_own.PrivateKey, _peerX, out byte[] secret) ? secret : throw new InvalidOperationException();

    [Benchmark]
    public byte[] Sign() => _p256.Sign(_own.PrivateKey, _message);

    [Benchmark]
    public bool Verify() => _p256.Verify(_rawKey, _message, _signature);

    [Benchmark]
    public bool VerifyCached() => _cached!.Verify(_message, _signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool IsValidPublicKey() => P256Primitives.IsValidPublicKey(_peerX);

    public void Dispose()
    {
        _cached?.Dispose();
        GC.SuppressFinalize(this);
    }
}
