using Eals.Protocol.Ace;
using Eals.Protocol.Tests.Vouchers;

namespace Eals.Protocol.Tests.Ace;

/// <summary>The Client Token's COSE_Encrypt0 (AES-CCM-16-64-128) against npm cose-js, both ways.</summary>
public sealed class CoseEncrypt0InteropTests
{
    private static readonly byte[] Key = Convert.FromHexString("849B57219DAE48DE646D07DBB533566E");

    [Fact]
    public void Cose_js_decrypts_our_encrypt0()
    {
        byte[] plaintext = "client token content"u8.ToArray();
        byte[] message = CoseEncrypt0.Encrypt(Key, Convert.FromHexString("89F52F65A1C580933B5261A72F"), plaintext, kid: [0x01]);

        var result = NodePeer.Run("decrypt-encrypt0", Convert.ToHexString(message), Convert.ToHexString(Key));

        Assert.Equal(Convert.ToHexString(plaintext), result.GetProperty("plaintext").GetString(), ignoreCase: true);
    }

    [Fact]
    public void We_decrypt_cose_js_encrypt0_and_cose_js_refuses_a_tampered_one()
    {
        byte[] plaintext = "from cose-js"u8.ToArray();
        var result = NodePeer.Run("encrypt0", Convert.ToHexString(plaintext), Convert.ToHexString(Key));
        byte[] message = Convert.FromHexString(result.GetProperty("cose").GetString()!);
        byte[] ours = CoseEncrypt0.Encrypt(Key, Convert.FromHexString("89F52F65A1C580933B5261A72F"), plaintext);
        ours[^1] ^= 0x01;

        Assert.Equal(plaintext, CoseEncrypt0.Decrypt(CoseEncrypt0.Parse(message), Key));
        NodePeer.RunRefused("decrypt-encrypt0", Convert.ToHexString(ours), Convert.ToHexString(Key));
    }
}
