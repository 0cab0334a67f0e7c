using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Security;
using BcHkdfParameters = Org.BouncyCastle.Crypto.Parameters.HkdfParameters;

namespace Eals.Benchmarks;

/// <summary>
/// The bare cryptographic operations EDHOC and OSCORE are built from, each in the BCL (OpenSSL) and in
/// BouncyCastle where both have it: the floor an enrollment's CPU is compared with, and the measurement
/// behind the choice of library per primitive (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class PrimitiveBenchmarks
{
    private static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve);
    private readonly SecureRandom _random = new();

    private readonly ECDiffieHellman _bclEcdhPrivate = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDiffieHellmanPublicKey _bclEcdhPeer;
    private readonly ECDsa _bclEcdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _bclSignature;

    private readonly ECPrivateKeyParameters _bcEcPrivate;
    private readonly ECPublicKeyParameters _bcEcPublic;
    private readonly ECPublicKeyParameters _bcEcPeer;
    private readonly byte[] _bcEcdsaSignatureR;
    private readonly byte[] _bcEcdsaSignatureS;

    private readonly X25519PrivateKeyParameters _x25519Private;
    private readonly X25519PublicKeyParameters _x25519Peer;
    private readonly Ed25519PrivateKeyParameters _ed25519Private;
    private readonly Ed25519PublicKeyParameters _ed25519Public;
    private readonly byte[] _ed25519Signature;

    private readonly byte[] _message = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(13);
    private readonly byte[] _aad = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _ikm = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _info = RandomNumberGenerator.GetBytes(40);
    private readonly byte[] _transcript = RandomNumberGenerator.GetBytes(200);
    private readonly AesCcm _bclCcm;
    private readonly byte[] _ciphertext = new byte[64];
    private readonly byte[] _tag = new byte[8];
    private readonly byte[] _output = new byte[72];
    private readonly byte[] _kilobyte = RandomNumberGenerator.GetBytes(1024);
    private readonly byte[] _kilobyteOut = new byte[1024];
    private readonly byte[] _kilobyteOutWithTag = new byte[1032];

    public PrimitiveBenchmarks()
    {
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        _bclEcdhPeer = peer.PublicKey;
        _bclSignature = _bclEcdsa.SignData(_message, HashAlgorithmName.SHA256);

        var generator = new Org.BouncyCastle.Crypto.Generators.ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, _random));
        var own = generator.GenerateKeyPair();
        _bcEcPrivate = (ECPrivateKeyParameters)own.Private;
        _bcEcPublic = (ECPublicKeyParameters)own.Public;
        _bcEcPeer = (ECPublicKeyParameters)generator.GenerateKeyPair().Public;
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _bcEcPrivate);
        var signature = signer.GenerateSignature(SHA256.HashData(_message));
        _bcEcdsaSignatureR = signature[0].ToByteArrayUnsigned();
        _bcEcdsaSignatureS = signature[1].ToByteArrayUnsigned();

        _x25519Private = new X25519PrivateKeyParameters(_random);
        _x25519Peer = new X25519PrivateKeyParameters(_random).GeneratePublicKey();
        _ed25519Private = new Ed25519PrivateKeyParameters(_random);
        _ed25519Public = _ed25519Private.GeneratePublicKey();
        _ed25519Signature = Ed25519Sign();

        _bclCcm = new AesCcm(_key);
        _bclCcm.Encrypt(_nonce, _message, _ciphertext, _tag, _aad);
    }

    // --- P-256 ECDH: one ephemeral key pair and one agreement per EDHOC party (more for static DH).

    [Benchmark]
    public byte[] P256KeyGenBcl()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportParameters(true).D!;
    }

    [Benchmark]
    public AsymmetricKeyParameter P256KeyGenBouncyCastle()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, _random));
        return generator.GenerateKeyPair().Public;
    }

    [Benchmark]
    public byte[] P256EcdhBcl() => _bclEcdhPrivate.DeriveRawSecretAgreement(_bclEcdhPeer);

    [Benchmark]
    public byte[] P256EcdhBouncyCastle()
    {
        var agreement = new ECDHBasicAgreement();
        agreement.Init(_bcEcPrivate);
        return agreement.CalculateAgreement(_bcEcPeer).ToByteArrayUnsigned();
    }

    // --- ES256: the signing party of methods 0-2 and the CA.

    [Benchmark]
    public byte[] EcdsaSignBcl() => _bclEcdsa.SignData(_message, HashAlgorithmName.SHA256);

    [Benchmark]
    public bool EcdsaVerifyBcl() => _bclEcdsa.VerifyData(_message, _bclSignature, HashAlgorithmName.SHA256);

    [Benchmark]
    public Org.BouncyCastle.Math.BigInteger EcdsaSignBouncyCastle()
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _bcEcPrivate);
        return signer.GenerateSignature(SHA256.HashData(_message))[1];
    }

    [Benchmark]
    public bool EcdsaVerifyBouncyCastle()
    {
        var signer = new ECDsaSigner();
        signer.Init(false, _bcEcPublic);
        return signer.VerifySignature(SHA256.HashData(_message), new(1, _bcEcdsaSignatureR), new(1, _bcEcdsaSignatureS));
    }

    // --- Suite 0: X25519 and Ed25519 exist only in BouncyCastle.

    [Benchmark]
    public byte[] X25519KeyGenAndAgreeBouncyCastle()
    {
        var key = new X25519PrivateKeyParameters(_random);
        var secret = new byte[32];
        key.GenerateSecret(_x25519Peer, secret, 0);
        return secret;
    }

    [Benchmark]
    public byte[] Ed25519SignBouncyCastle() => Ed25519Sign();

    [Benchmark]
    public bool Ed25519VerifyBouncyCastle()
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, _ed25519Public);
        verifier.BlockUpdate(_message, 0, _message.Length);
        return verifier.VerifySignature(_ed25519Signature);
    }

    // --- Symmetric: AES-CCM-16-64-128 (EDHOC message_3/4, every OSCORE message) and HKDF-SHA-256.

    [Benchmark]
    public byte[] AesCcmEncrypt64Bcl()
    {
        _bclCcm.Encrypt(_nonce, _message, _ciphertext, _tag, _aad);
        return _ciphertext;
    }

    [Benchmark]
    public byte[] AesCcmEncrypt64BouncyCastle()
    {
        var cipher = new CcmBlockCipher(new AesEngine());
        cipher.Init(true, new AeadParameters(new KeyParameter(_key), 64, _nonce, _aad));
        int written = cipher.ProcessBytes(_message, 0, _message.Length, _output, 0);
        cipher.DoFinal(_output, written);
        return _output;
    }

    [Benchmark]
    public byte[] AesCcmEncrypt1KBcl()
    {
        _bclCcm.Encrypt(_nonce, _kilobyte, _kilobyteOut, _tag, _aad);
        return _kilobyteOut;
    }

    [Benchmark]
    public byte[] AesCcmEncrypt1KBouncyCastle()
    {
        var cipher = new CcmBlockCipher(new AesEngine());
        cipher.Init(true, new AeadParameters(new KeyParameter(_key), 64, _nonce, _aad));
        int written = cipher.ProcessBytes(_kilobyte, 0, _kilobyte.Length, _kilobyteOutWithTag, 0);
        cipher.DoFinal(_kilobyteOutWithTag, written);
        return _kilobyteOutWithTag;
    }

    [Benchmark]
    public byte[] HkdfExtractExpandBcl()
    {
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, _ikm, _salt);
        return HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, _info);
    }

    [Benchmark]
    public byte[] HkdfExtractExpandBouncyCastle()
    {
        var hkdf = new HkdfBytesGenerator(new Sha256Digest());
        hkdf.Init(new BcHkdfParameters(_ikm, _salt, _info));
        var okm = new byte[32];
        hkdf.GenerateBytes(okm, 0, okm.Length);
        return okm;
    }

    [Benchmark]
    public byte[] Sha256Of200BytesBcl() => SHA256.HashData(_transcript);

    private byte[] Ed25519Sign()
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519Private);
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.GenerateSignature();
    }
}
