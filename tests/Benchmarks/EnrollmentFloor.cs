using System.Diagnostics;
using System.Security.Cryptography;

namespace Eals.Benchmarks;

/// <summary>
/// The floor of one zero-touch enrollment on the server (registrar and hosted MASA): the bare cryptographic
/// primitives it cannot do without, each timed here with the BCL (OpenSSL) call the code makes, keys already
/// imported (importing a key, parsing a certificate, building a chain, CBOR and ASN.1 are overhead the floor
/// leaves out), warmed up, then the fastest of several batches (the machine is shared; the floor is what the
/// operations cost, not what the noise adds).
///
/// What is counted per enrollment, and why (docs/benchmarks.md, "The floor", counted the same way):
/// EDHOC suite 2, method 0 (signature/signature), the registrar is the Initiator:
///   - P-256 key generation x1: its ephemeral X (message_1). Code: a random scalar, ECDiffieHellman.Create
///     with D, ExportParameters (the public point).
///   - P-256 ECDH x1: G_XY from the pledge's G_Y (message_2). Method 0 has no static DH, so there is no
///     second or third agreement (G_RX, G_IY).
///   - ES256 sign x1: Signature_or_MAC_3 (message_3).
///   - ES256 verify: the pledge's Signature_or_MAC_2 (message_2) x1, its IDevID certificate's signature by the
///     manufacturer CA x1 (the CA's key is the same for every pledge, so only the signature check is
///     per enrollment), the CSR's proof of possession x1 (EST over OSCORE).
///   - ES256 sign x1: the LDevID certificate (the domain CA).
/// With vouchers (hosted MASA), in addition:
///   - ES256 verify x1: the pledge's voucher request (COSE_Sign1, IDevID key), on the registrar.
///   - ES256 sign x1: the registrar's voucher request.
///   - ES256 verify x3 on the MASA: the registrar's request, the pledge's request inside it, and the pledge's
///     IDevID certificate (the MASA checks it against the manufacturer CA itself). The registrar's own chain
///     (registrar certificate under the domain CA) is the same for every enrollment and is cached, so it is
///     not counted.
///   - ES256 sign x1: the voucher (MASA key).
///   - ES256 verify x1: the voucher, on the registrar.
/// Symmetric work (small, counted roughly): SHA-256 of the transcripts TH_2, TH_3, TH_4 (x3, about 1 KiB
/// each with vouchers, 256 B without), HKDF-Extract x2 (PRK_2e, the OSCORE master salt/secret's PRK),
/// HKDF-Expand of 32 B x11 (MAC_2, K_3, IV_3, MAC_3, PRK_out, PRK_exporter, OSCORE master secret and salt,
/// sender key, recipient key, common IV), HKDF-Expand of KEYSTREAM_2 x1 (as long as PLAINTEXT_2), AES-CCM
/// of message_3 x1 (as long as PLAINTEXT_3), AES-CCM-16-64-128 of 256 B for each OSCORE message the server
/// decrypts or encrypts: EST request and response, status report request and response (x4), plus /vs request
/// and response with vouchers (x6). The point-on-curve check of G_Y and the SHA-256 inside every ES256 are
/// part of the primitives above or left out (both are small).
/// </summary>
public static class EnrollmentFloor
{
    public sealed record Primitive(string Name, double Microseconds, int WithoutVouchers, int WithVouchers);

    public static IReadOnlyList<Primitive> Measure()
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peerPublic = peer.PublicKey;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] groupOrder = Convert.FromHexString("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        byte[] signed = RandomNumberGenerator.GetBytes(512);
        byte[] rawSignature = ecdsa.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        byte[] tbsCertificate = RandomNumberGenerator.GetBytes(400);
        byte[] derSignature = ecdsa.SignData(tbsCertificate, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        byte[] ikm = RandomNumberGenerator.GetBytes(32), salt = RandomNumberGenerator.GetBytes(32), info = RandomNumberGenerator.GetBytes(40);
        byte[] prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        byte[] out32 = new byte[32], out256 = new byte[256], out1k = new byte[1024];
        byte[] small = RandomNumberGenerator.GetBytes(256), large = RandomNumberGenerator.GetBytes(1024);
        byte[] cipherSmall = new byte[256], cipherLarge = new byte[1024], tag = new byte[8], nonce = RandomNumberGenerator.GetBytes(13), aad = RandomNumberGenerator.GetBytes(16);
        using var ccm = new AesCcm(RandomNumberGenerator.GetBytes(16));
        byte[] scalar = new byte[32];

        return
        [
            new("P-256 key generation", Time(() =>
            {
                do
                {
                    RandomNumberGenerator.Fill(scalar);
                }
                while (scalar.AsSpan().SequenceCompareTo(groupOrder) >= 0);
                using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
                return key.ExportParameters(false).Q.X!.Length;
            }), 1, 1),
            new("P-256 ECDH", Time(() => ecdh.DeriveRawSecretAgreement(peerPublic).Length), 1, 1),
            new("ES256 sign", Time(() => ecdsa.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).Length), 1 + 1, 1 + 1 + 1 + 1),
            new("ES256 verify", Time(() => ecdsa.VerifyData(signed, rawSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) ? 1 : 0), 3, 3 + 1 + 3 + 1),
            new("SHA-256 of 256 B", Time(() => SHA256.HashData(small).Length), 3, 0),
            new("SHA-256 of 1 KiB", Time(() => SHA256.HashData(large).Length), 0, 3),
            new("HKDF-Extract", Time(() => HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt).Length), 2, 2),
            new("HKDF-Expand 32 B", Time(() => { HKDF.Expand(HashAlgorithmName.SHA256, prk, out32, info); return out32.Length; }), 11, 11),
            new("HKDF-Expand 256 B", Time(() => { HKDF.Expand(HashAlgorithmName.SHA256, prk, out256, info); return out256.Length; }), 1, 0),
            new("HKDF-Expand 1 KiB", Time(() => { HKDF.Expand(HashAlgorithmName.SHA256, prk, out1k, info); return out1k.Length; }), 0, 1),
            new("AES-CCM 256 B", Time(() => { ccm.Encrypt(nonce, small, cipherSmall, tag, aad); return tag[0]; }), 1 + 4, 6),
            new("AES-CCM 1 KiB", Time(() => { ccm.Encrypt(nonce, large, cipherLarge, tag, aad); return tag[0]; }), 0, 1),
        ];
    }

    /// <summary>The floor in milliseconds: the sum of each primitive's time by its count.</summary>
    public static double Milliseconds(IReadOnlyList<Primitive> primitives, bool vouchers) =>
        primitives.Sum(p => p.Microseconds * (vouchers ? p.WithVouchers : p.WithoutVouchers)) / 1000;

    /// <summary>Microseconds per call: a warm-up (JIT tiers, OpenSSL's lazy set-up), then the fastest mean of 7 batches.</summary>
    private static double Time(Func<int> operation)
    {
        int sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 300)
        {
            sink += operation();
        }
        // A batch of about 20 ms.
        int perBatch = 0;
        clock.Restart();
        while (clock.ElapsedMilliseconds < 20)
        {
            sink += operation();
            perBatch++;
        }
        double best = double.MaxValue;
        for (int batch = 0; batch < 7; batch++)
        {
            clock.Restart();
            for (int i = 0; i < perBatch; i++)
            {
                sink += operation();
            }
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / perBatch);
        }
        GC.KeepAlive(sink);
        return best;
    }
}
