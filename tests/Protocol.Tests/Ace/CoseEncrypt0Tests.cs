using System.Security.Cryptography;
using Eals.Protocol.Ace;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Eals.Protocol.Tests.Ace;

/// <summary>COSE_Encrypt0 with AES-CCM-16-64-128 (RFC 9052 5.2, RFC 9053 4.2) checked against BouncyCastle's CCM, and the ECDH-ES sealing to the registrar.</summary>
public sealed class CoseEncrypt0Tests
{
    private static readonly byte[] Key = Convert.FromHexString("849B57219DAE48DE646D07DBB533566E");
    private static readonly byte[] Iv = Convert.FromHexString("89F52F65A1C580933B5261A72F");

    [Fact]
    public void The_structure_and_ciphertext_match_an_independent_AES_CCM()
    {
        byte[] plaintext = "This is the content."u8.ToArray();

        byte[] message = CoseEncrypt0.Encrypt(Key, Iv, plaintext, kid: [0x0A]);

        // #6.16([h'A1010A', {4: h'0A', 5: h'89F5...2F'}, ciphertext])
        string hex = Convert.ToHexString(message);
        Assert.StartsWith("D08343A1010AA204410A054D89F52F65A1C580933B5261A72F581C", hex, StringComparison.Ordinal);
        // Enc_structure = ["Encrypt0", h'A1010A', h''] = 83 68 "Encrypt0" 43 A1010A 40
        byte[] aad = Convert.FromHexString("8368456E63727970743043A1010A40");
        var ccm = new CcmBlockCipher(new AesEngine());
        ccm.Init(true, new AeadParameters(new KeyParameter(Key), 64, Iv, aad));
        var expected = new byte[ccm.GetOutputSize(plaintext.Length)];
        int written = ccm.ProcessBytes(plaintext, 0, plaintext.Length, expected, 0);
        ccm.DoFinal(expected, written);
        var parsed = CoseEncrypt0.Parse(message);
        Assert.Equal(expected, parsed.Ciphertext);
        Assert.Equal([0x0A], parsed.Kid);
        Assert.Equal(plaintext, CoseEncrypt0.Decrypt(parsed, Key));
    }

    [Fact]
    public void A_flipped_bit_or_another_key_does_not_decrypt()
    {
        byte[] message = CoseEncrypt0.Encrypt(Key, Iv, [1, 2, 3]);
        byte[] tampered = [.. message];
        tampered[^1] ^= 0x80;
        byte[] otherKey = [.. Key];
        otherKey[0] ^= 1;

        Assert.Throws<AceFormatException>(() => CoseEncrypt0.Decrypt(CoseEncrypt0.Parse(tampered), Key));
        Assert.Throws<AceFormatException>(() => CoseEncrypt0.Decrypt(CoseEncrypt0.Parse(message), otherKey));
        Assert.Throws<AceFormatException>(() => CoseEncrypt0.Parse(message[..^1]));
    }

    [Fact]
    public void The_kdf_context_is_the_RFC_9053_structure()
    {
        // [10, [nil, nil, nil], [nil, nil, nil], [128, h'A1010A']]
        Assert.Equal("840A83F6F6F683F6F6F682188043A1010A", Convert.ToHexString(AceKeyAgreement.KdfContext()));
    }

    [Fact]
    public void A_sealed_answer_opens_only_with_the_registrar_key()
    {
        using var registrar = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        byte[] sealedAnswer = AceKeyAgreement.SealTo("secret answer"u8, registrar.PublicKey, ephemeral, Iv);

        Assert.Equal("secret answer"u8.ToArray(), AceKeyAgreement.Open(sealedAnswer, registrar));
        Assert.Throws<AceFormatException>(() => AceKeyAgreement.Open(sealedAnswer, other));
        Assert.Equal(ephemeral.ExportParameters(false).Q.X, CoseEncrypt0.Parse(sealedAnswer).EphemeralX);
    }
}
