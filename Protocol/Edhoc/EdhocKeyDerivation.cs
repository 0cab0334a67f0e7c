using System.Security.Cryptography;

namespace Eals.Protocol.Edhoc;

/// <summary>The key schedule steps of RFC 9528 sections 4.1 and 4.2 that both roles compute alike.</summary>
internal static class EdhocKeyDerivation
{
    private const int LabelKeystream2 = 0;
    private const int LabelSalt3e2m = 1;
    private const int LabelK3 = 3;
    private const int LabelIv3 = 4;
    private const int LabelSalt4e3m = 5;
    private const int LabelPrkOut = 7;
    private const int LabelK4 = 8;
    private const int LabelIv4 = 9;
    private const int LabelPrkExporter = 10;

    /// <summary><c>PRK_2e = HKDF-Extract( TH_2, G_XY )</c>.</summary>
    public static byte[] Prk2e(EdhocKeySchedule schedule, byte[] th2, byte[] gXY) => schedule.Extract(th2, gXY, "prk_2e");

    /// <summary><c>KEYSTREAM_2 = EDHOC_KDF( PRK_2e, 0, TH_2, plaintext_length )</c>.</summary>
    public static byte[] Keystream2(EdhocKeySchedule schedule, byte[] prk2e, byte[] th2, int length) =>
        schedule.Kdf(prk2e, LabelKeystream2, th2, length, "keystream_2");

    /// <summary>
    /// <c>PRK_3e2m = PRK_2e</c> when the Responder signs, else
    /// <c>HKDF-Extract( SALT_3e2m, G_RX )</c> with <c>SALT_3e2m = EDHOC_KDF( PRK_2e, 1, TH_2, hash_length )</c>.
    /// </summary>
    public static byte[] Prk3e2m(EdhocKeySchedule schedule, EdhocSessionState state, byte[] prk2e, byte[] th2, byte[] ownPrivateKey, byte[] peerPublicKey) =>
        state.Method.ResponderSigns()
            ? Unchanged(schedule, prk2e, "prk_3e2m")
            : StaticDh(schedule, state, prk2e, LabelSalt3e2m, th2, ownPrivateKey, peerPublicKey, "3e2m", "g_rx");

    /// <summary>
    /// <c>PRK_4e3m = PRK_3e2m</c> when the Initiator signs, else
    /// <c>HKDF-Extract( SALT_4e3m, G_IY )</c> with <c>SALT_4e3m = EDHOC_KDF( PRK_3e2m, 5, TH_3, hash_length )</c>.
    /// </summary>
    public static byte[] Prk4e3m(EdhocKeySchedule schedule, EdhocSessionState state, byte[] prk3e2m, byte[] th3, byte[] ownPrivateKey, byte[] peerPublicKey) =>
        state.Method.InitiatorSigns()
            ? Unchanged(schedule, prk3e2m, "prk_4e3m")
            : StaticDh(schedule, state, prk3e2m, LabelSalt4e3m, th3, ownPrivateKey, peerPublicKey, "4e3m", "g_iy");

    /// <summary>CIPHERTEXT_3 with K_3, IV_3 from PRK_3e2m and TH_3; <c>A_3 = [ "Encrypt0", h'', TH_3 ]</c>.</summary>
    public static byte[] Encrypt3(EdhocKeySchedule schedule, byte[] prk3e2m, byte[] th3, byte[] plaintext3) =>
        Encrypt(schedule, prk3e2m, th3, plaintext3, LabelK3, LabelIv3, "3");

    public static byte[] Decrypt3(EdhocKeySchedule schedule, byte[] prk3e2m, byte[] th3, byte[] ciphertext3) =>
        Decrypt(schedule, prk3e2m, th3, ciphertext3, LabelK3, LabelIv3, "3");

    /// <summary>CIPHERTEXT_4 with K_4, IV_4 from PRK_4e3m and TH_4; <c>A_4 = [ "Encrypt0", h'', TH_4 ]</c>.</summary>
    public static byte[] Encrypt4(EdhocKeySchedule schedule, byte[] prk4e3m, byte[] th4, byte[] plaintext4) =>
        Encrypt(schedule, prk4e3m, th4, plaintext4, LabelK4, LabelIv4, "4");

    public static byte[] Decrypt4(EdhocKeySchedule schedule, byte[] prk4e3m, byte[] th4, byte[] ciphertext4) =>
        Decrypt(schedule, prk4e3m, th4, ciphertext4, LabelK4, LabelIv4, "4");

    /// <summary><c>PRK_out = EDHOC_KDF( PRK_4e3m, 7, TH_4, hash_length )</c>.</summary>
    public static byte[] PrkOut(EdhocKeySchedule schedule, byte[] prk4e3m, byte[] th4) =>
        schedule.Kdf(prk4e3m, LabelPrkOut, th4, EdhocCipherSuite.HashLength, "prk_out");

    /// <summary><c>PRK_exporter = EDHOC_KDF( PRK_out, 10, h'', hash_length )</c> (RFC 9528 section 4.2.1).</summary>
    public static byte[] PrkExporter(EdhocKeySchedule schedule, byte[] prkOut) =>
        schedule.Kdf(prkOut, LabelPrkExporter, [], EdhocCipherSuite.HashLength, "prk_exporter");

    private static byte[] Unchanged(EdhocKeySchedule schedule, byte[] prk, string name)
    {
        schedule.Record(name, prk);
        return prk;
    }

    private static byte[] StaticDh(EdhocKeySchedule schedule, EdhocSessionState state, byte[] prk, int saltLabel, byte[] th, byte[] ownPrivateKey, byte[] peerPublicKey, string suffix, string secretName)
    {
        byte[] salt = schedule.Kdf(prk, saltLabel, th, EdhocCipherSuite.HashLength, $"salt_{suffix}");
        byte[] secret = schedule.SharedSecret(state.CipherSuite.Curve, ownPrivateKey, peerPublicKey, secretName);
        return schedule.Extract(salt, secret, $"prk_{suffix}");
    }

    private static byte[] Encrypt(EdhocKeySchedule schedule, byte[] prk, byte[] th, byte[] plaintext, int keyLabel, int ivLabel, string n)
    {
        var (key, iv, aad) = AeadInputs(schedule, prk, th, keyLabel, ivLabel, n);
        byte[] ciphertext = schedule.Crypto.AeadEncrypt(key, iv, aad, plaintext);
        schedule.Record($"plaintext_{n}", plaintext);
        schedule.Record($"ciphertext_{n}", ciphertext);
        return ciphertext;
    }

    private static byte[] Decrypt(EdhocKeySchedule schedule, byte[] prk, byte[] th, byte[] ciphertext, int keyLabel, int ivLabel, string n)
    {
        var (key, iv, aad) = AeadInputs(schedule, prk, th, keyLabel, ivLabel, n);
        if (!schedule.Crypto.TryAeadDecrypt(key, iv, aad, ciphertext, out byte[] plaintext))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.DecryptionFailed, $"CIPHERTEXT_{n} does not decrypt");
        }
        schedule.Record($"ciphertext_{n}", ciphertext);
        schedule.Record($"plaintext_{n}", plaintext);
        return plaintext;
    }

    private static (byte[] Key, byte[] Iv, byte[] Aad) AeadInputs(EdhocKeySchedule schedule, byte[] prk, byte[] th, int keyLabel, int ivLabel, string n)
    {
        byte[] key = schedule.Kdf(prk, keyLabel, th, EdhocCipherSuite.AeadKeyLength, $"k_{n}");
        byte[] iv = schedule.Kdf(prk, ivLabel, th, EdhocCipherSuite.AeadIvLength, $"iv_{n}");
        byte[] aad = Cose.CoseStructures.Encrypt0(th);
        schedule.Record($"a_{n}", aad);
        return (key, iv, aad);
    }

    /// <summary>Constant-time comparison of MACs.</summary>
    public static bool MacEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);
}
