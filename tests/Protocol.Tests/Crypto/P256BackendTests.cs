using System.Security.Cryptography;
using Eals.Protocol.Crypto;
using Eals.Protocol.Crypto.OpenSsl;
using Eals.Protocol.Tests.Edhoc;

namespace Eals.Protocol.Tests.Crypto;

/// <summary>
/// Both P-256 paths, the direct libcrypto one (<see cref="OpenSslP256"/>) and the BCL fallback (<see cref="BclP256"/>),
/// give the same answers to the same inputs, the RFC 9529 values included, and refuse the same bad inputs.
/// </summary>
public sealed class P256BackendTests
{
    private static readonly byte[] FieldPrime = Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly byte[] GroupOrder = Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

    public static TheoryData<string> Backends => OpenSslP256.Instance is null ? ["BCL"] : ["BCL", "OpenSSL"];

    [Fact]
    public void The_direct_path_is_chosen_where_libcrypto_3_is_there()
    {
        Assert.Equal(OpenSslP256.Instance is null ? "BCL" : "OpenSSL", P256Operations.Current.Backend.Name);
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess && NativeLibraryLoads("libcrypto.so.3"))
        {
            Assert.NotNull(OpenSslP256.Instance);
        }
    }

    [Fact]
    public void A_missing_library_or_function_means_the_fallback()
    {
        Assert.False(LibCrypto.Exports("libcrypto-that-is-not-there.so.3", ["EC_POINT_mul"]));
        Assert.False(LibCrypto.Exports(LibCrypto.Library, ["EC_POINT_mul", "EVP_PKEY_no_such_function"]));
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess && NativeLibraryLoads(LibCrypto.Library), LibCrypto.Exports(LibCrypto.Library, ["EC_POINT_mul"]));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Rfc_9529_public_key_and_ecdh(string backend)
    {
        var p256 = Primitives(backend);
        var keys = p256.Generate(new FixedRandomSource(Rfc9529Vectors.Hex(3, "x")));
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_x"), keys.PublicKey);
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_x_y_coordinate"), keys.PublicKeyY);
        Assert.True(p256.TryAgree(Rfc9529Vectors.Hex(3, "x"), Rfc9529Vectors.Hex(3, "g_y"), out byte[] secret));
        Assert.Equal(Rfc9529Vectors.Hex(3, "g_xy"), secret);
        Assert.True(p256.TryAgree(Rfc9529Vectors.Hex(3, "y"), Rfc9529Vectors.Hex(3, "g_x"), out byte[] other));
        Assert.Equal(secret, other);
    }

    [Fact]
    public void Both_paths_agree_on_keys_and_shared_secrets()
    {
        var (native, bcl) = (Native(), Primitives("BCL"));
        var random = new SeededRandomSource(11);
        for (int i = 0; i < 20; i++)
        {
            var a = native.Generate(random);
            var b = bcl.Generate(random);
            Assert.Equal(bcl.Backend.PublicKey(a.PrivateKey), native.Backend.PublicKey(a.PrivateKey));
            Assert.Equal(native.Backend.PublicKey(b.PrivateKey), bcl.Backend.PublicKey(b.PrivateKey));
            Assert.True(native.TryAgree(a.PrivateKey, b.PublicKey, out byte[] viaNative));
            Assert.True(bcl.TryAgree(b.PrivateKey, a.PublicKey, out byte[] viaBcl));
            Assert.Equal(viaBcl, viaNative);
            Assert.True(bcl.TryAgree(a.PrivateKey, b.PublicKey, out byte[] sameSide));
            Assert.Equal(viaNative, sameSide);
        }
    }

    [Theory]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    public void A_signature_by_either_path_verifies_with_the_other_and_with_ecdsa(DSASignatureFormat format)
    {
        var (native, bcl) = (Native(), Primitives("BCL"));
        var keys = native.Generate(new SeededRandomSource(3));
        byte[] rawKey = [.. keys.PublicKey, .. keys.PublicKeyY];
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = keys.PrivateKey });
        byte[] message = RandomNumberGenerator.GetBytes(300);
        foreach (var (signer, verifier) in new[] { (native, bcl), (bcl, native), (native, native) })
        {
            byte[] signature = signer.Sign(keys.PrivateKey, message, format);
            using var key = verifier.ImportPublicKey(rawKey);
            Assert.True(key.Verify(message, signature, format));
            Assert.True(ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, format));
        }
        byte[] bySystem = ecdsa.SignData(message, HashAlgorithmName.SHA256, format);
        using var nativeKey = native.ImportPublicKey(rawKey);
        Assert.True(nativeKey.Verify(message, bySystem, format));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Tampered_messages_and_signatures_do_not_verify(string backend)
    {
        var p256 = Primitives(backend);
        var keys = p256.Generate(new SeededRandomSource(4));
        byte[] rawKey = [.. keys.PublicKey, .. keys.PublicKeyY];
        byte[] message = [1, 2, 3, 4];
        byte[] signature = p256.Sign(keys.PrivateKey, message);
        Assert.True(p256.Verify(rawKey, message, signature));
        Assert.False(p256.Verify(rawKey, [1, 2, 3, 5], signature));
        Assert.False(p256.Verify(rawKey, [], signature));
        for (int i = 0; i < signature.Length; i += 7)
        {
            byte[] tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x10;
            Assert.False(p256.Verify(rawKey, message, tampered));
        }
        Assert.False(p256.Verify(rawKey, message, signature[..63]));
        Assert.False(p256.Verify(rawKey, message, [.. signature, 0]));
        Assert.False(p256.Verify(rawKey, message, new byte[64]));                    // r = s = 0
        Assert.False(p256.Verify(rawKey, message, [.. GroupOrder, .. signature[32..]])); // r = n
        Assert.False(p256.Verify(keys.PublicKey, message, signature));             // x alone

        using var key = p256.ImportPublicKey(rawKey);
        byte[] der = p256.Sign(keys.PrivateKey, message, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(key.Verify(message, der, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(key.Verify(message, [.. der, 0], DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(key.Verify(message, der[..^1], DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(key.Verify(message, [], DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(key.Verify(message, signature, DSASignatureFormat.Rfc3279DerSequence)); // r‖s is not DER
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Bad_public_keys_are_refused(string backend)
    {
        var p256 = Primitives(backend);
        var keys = p256.Generate(new SeededRandomSource(5));
        byte[] y = keys.PublicKeyY;
        byte[] offCurveY = (byte[])y.Clone();
        offCurveY[^1] ^= 1;
        byte[] private1 = p256.Generate(new SeededRandomSource(6)).PrivateKey;
        byte[][] badKeys =
        [
            [.. keys.PublicKey, .. offCurveY],          // not on the curve
            [.. FieldPrime, .. y],                      // x = p
            [.. keys.PublicKey, .. FieldPrime],         // y = p
            [.. Enumerable.Repeat((byte)0xff, 32), .. y], // x > p
            new byte[64],                               // (0, 0)
            [.. keys.PublicKey, .. y[..31]],            // 63 bytes
            [0x04, .. keys.PublicKey, .. y],            // 65 bytes
        ];
        foreach (byte[] bad in badKeys)
        {
            Assert.Throws<CryptographicException>(() => p256.ImportPublicKey(bad));
            Assert.False(p256.Verify(bad, [1], new byte[64]));
        }
        Assert.Throws<CryptographicException>(() => P256VerificationKey.Import(badKeys[0]));

        byte[][] badX =
        [
            FieldPrime,                                                                        // x = p
            Convert.FromHexString("a04e73601df544a70ba7ea1e57030f7d4b4eb7f673924e58d54ca77a5e7d4d4a"), // no point has this x
            keys.PublicKey[..31],
            [.. keys.PublicKey, 0],
            [],
        ];
        foreach (byte[] bad in badX)
        {
            Assert.False(P256Primitives.IsValidPublicKey(bad));
            Assert.False(p256.TryAgree(private1, bad, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Scalars_outside_1_to_n_minus_1_are_refused(string backend)
    {
        var p256 = Primitives(backend);
        byte[] peer = p256.Generate(new SeededRandomSource(7)).PublicKey;
        byte[] nMinusOne = (byte[])GroupOrder.Clone();
        nMinusOne[^1]--;
        foreach (byte[] bad in new[] { new byte[32], GroupOrder, Enumerable.Repeat((byte)0xff, 32).ToArray(), new byte[31], [.. nMinusOne, 1] })
        {
            Assert.False(p256.TryAgree(bad, peer, out _));
            Assert.Throws<CryptographicException>(() => p256.Sign(bad, [1]));
        }
        Assert.True(p256.TryAgree(nMinusOne, peer, out _));
        // (n-1)·G = −G: the generator's x, the other y.
        Assert.Equal(Convert.FromHexString("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"), p256.Backend.PublicKey(nMinusOne)[..32]);
    }

    [Fact]
    public void A_compressed_point_gives_the_same_key_as_the_uncompressed_one()
    {
        var keys = Primitives("BCL").Generate(new SeededRandomSource(8));
        byte[] uncompressed = [0x04, .. keys.PublicKey, .. keys.PublicKeyY];
        byte[] compressed = [(byte)(0x02 | (keys.PublicKeyY[^1] & 1)), .. keys.PublicKey];
        Assert.Equal(P256VerificationKey.FromEncodedPoint(uncompressed).RawKey, P256VerificationKey.FromEncodedPoint(compressed).RawKey);
        compressed[0] ^= 1; // the other y
        Assert.NotEqual(uncompressed[1..], P256VerificationKey.FromEncodedPoint(compressed).RawKey);
        Assert.Throws<CryptographicException>(() => P256VerificationKey.FromEncodedPoint([0x05, .. keys.PublicKey, .. keys.PublicKeyY]));
        Assert.Throws<CryptographicException>(() => P256VerificationKey.FromEncodedPoint(uncompressed[..64]));
    }

    [Fact]
    public void Signature_encodings_convert_both_ways_and_refuse_what_is_not_strict_der()
    {
        byte[] p1363 = [.. new byte[31], 1, 0x80, .. new byte[31]]; // r = 1, s with the top bit set
        Assert.True(EcdsaSignatureEncoding.TryToDer(p1363, out byte[] der));
        Assert.Equal(Convert.FromHexString("3026020101022100800000000000000000000000000000000000000000000000000000000000000000"[..80]), der);
        Assert.True(EcdsaSignatureEncoding.TryToP1363(der, out byte[] back));
        Assert.Equal(p1363, back);
        Assert.False(EcdsaSignatureEncoding.TryToDer(p1363[..63], out _));
        Assert.False(EcdsaSignatureEncoding.TryToP1363([.. der, 0], out _));                           // trailing byte
        Assert.False(EcdsaSignatureEncoding.TryToP1363(Convert.FromHexString("3006020181020101"), out _)); // r negative
        Assert.False(EcdsaSignatureEncoding.TryToP1363(Convert.FromHexString("30070202000102010100"[..18]), out _)); // non-minimal r
        Assert.False(EcdsaSignatureEncoding.TryToP1363([0x30, 0x25, 0x02, 0x21, 0x01, .. new byte[32], 0x02, 0x01, 0x01], out _)); // r of 33 bytes
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void One_imported_key_serves_concurrent_verifications(string backend)
    {
        var p256 = Primitives(backend);
        var keys = p256.Generate(new SeededRandomSource(9));
        using var key = p256.ImportPublicKey([.. keys.PublicKey, .. keys.PublicKeyY]);
        var messages = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i)).ToArray();
        var signatures = messages.Select(m => p256.Sign(keys.PrivateKey, m)).ToArray();
        var peers = messages.Select(_ => p256.Generate(SystemRandomSource.Instance)).ToArray();
        int failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int j = i % messages.Length;
            bool ok = key.Verify(messages[j], signatures[j], DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                && !key.Verify(messages[(j + 1) % messages.Length], signatures[j], DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                && p256.TryAgree(keys.PrivateKey, peers[j].PublicKey, out byte[] a) && p256.TryAgree(peers[j].PrivateKey, keys.PublicKey, out byte[] b) && a.AsSpan().SequenceEqual(b);
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private static P256Primitives Native() => OpenSslP256.Instance is { } native ? new P256Primitives(native) : Primitives("BCL");

    private static P256Primitives Primitives(string backend) => backend switch
    {
        "BCL" => new P256Primitives(BclP256.Instance),
        "OpenSSL" => new P256Primitives(OpenSslP256.Instance!),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    private static bool NativeLibraryLoads(string name) => System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out _);
}
