using System.Runtime.InteropServices;

namespace Eals.Protocol.Crypto.OpenSsl;

/// <summary>
/// The few libcrypto 3 entry points the direct P-256 path calls (OpenSSL 3.0 API; the EC_POINT ones are deprecated
/// there but still exported). <see cref="IsAvailable"/> tells, once, whether the library and every one of them are
/// present; nothing here may be called when it is false (Windows, macOS, a system with OpenSSL 1.1 only).
/// </summary>
internal static class LibCrypto
{
    public const string Library = "libcrypto.so.3";

    // NID_X9_62_prime256v1 (obj_mac.h).
    public const int Prime256v1 = 415;

    // EVP_PKEY_PUBLIC_KEY and EVP_PKEY_KEYPAIR (evp.h): the selections EVP_PKEY_fromdata imports.
    public const int SelectPublicKey = 0x86;
    public const int SelectKeyPair = 0x87;

    // BN_FLG_CONSTTIME (bn.h): a secret scalar.
    public const int ConstantTime = 0x04;

    // POINT_CONVERSION_UNCOMPRESSED (ec.h).
    public const int UncompressedForm = 4;

    private static readonly string[] Symbols =
    [
        nameof(ERR_clear_error), nameof(EVP_PKEY_CTX_new_from_name), nameof(EVP_PKEY_CTX_free), nameof(EVP_PKEY_fromdata_init),
        nameof(EVP_PKEY_fromdata), nameof(EVP_PKEY_dup), nameof(EVP_PKEY_set_octet_string_param), nameof(EVP_PKEY_free),
        nameof(EVP_MD_CTX_new), nameof(EVP_MD_CTX_free), nameof(EVP_sha256),
        nameof(EVP_DigestSignInit), nameof(EVP_DigestSign), nameof(EVP_DigestVerifyInit), nameof(EVP_DigestVerify),
        nameof(EC_GROUP_new_by_curve_name), nameof(EC_POINT_new), nameof(EC_POINT_free), nameof(EC_POINT_mul),
        nameof(EC_POINT_oct2point), nameof(EC_POINT_point2oct),
        nameof(BN_bin2bn), nameof(BN_set_flags), nameof(BN_clear_free),
    ];

    /// <summary>True when libcrypto 3 loads and exports every function declared here; decided once.</summary>
    public static bool IsAvailable { get; } = Exports(Library, Symbols);

    /// <summary>True when <paramref name="library"/> loads on 64-bit Linux (OsslParameters lays out OSSL_PARAM for LP64) and exports every symbol.</summary>
    internal static bool Exports(string library, IReadOnlyList<string> symbols)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !NativeLibrary.TryLoad(library, out nint handle))
        {
            return false;
        }
        // The handle stays loaded for the process (the DllImports below bind to the same library).
        return symbols.All(symbol => NativeLibrary.TryGetExport(handle, symbol, out _));
    }

    [DllImport(Library)]
    public static extern void ERR_clear_error();

    [DllImport(Library)]
    public static extern nint EVP_PKEY_CTX_new_from_name(nint libraryContext, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, nint properties);

    [DllImport(Library)]
    public static extern void EVP_PKEY_CTX_free(nint context);

    [DllImport(Library)]
    public static extern int EVP_PKEY_fromdata_init(nint context);

    [DllImport(Library)]
    public static extern int EVP_PKEY_fromdata(nint context, out EvpPKeyHandle key, int selection, OsslParameters parameters);

    [DllImport(Library)]
    public static extern EvpPKeyHandle EVP_PKEY_dup(EvpPKeyHandle key);

    [DllImport(Library)]
    public static extern int EVP_PKEY_set_octet_string_param(EvpPKeyHandle key, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, ref byte value, nuint length);

    [DllImport(Library)]
    public static extern void EVP_PKEY_free(nint key);

    [DllImport(Library)]
    public static extern nint EVP_MD_CTX_new();

    [DllImport(Library)]
    public static extern void EVP_MD_CTX_free(nint context);

    [DllImport(Library)]
    public static extern nint EVP_sha256();

    [DllImport(Library)]
    public static extern int EVP_DigestSignInit(nint context, nint keyContext, nint digest, nint engine, EvpPKeyHandle key);

    [DllImport(Library)]
    public static extern int EVP_DigestSign(nint context, ref byte signature, ref nuint signatureLength, ref byte message, nuint messageLength);

    [DllImport(Library)]
    public static extern int EVP_DigestVerifyInit(nint context, nint keyContext, nint digest, nint engine, EvpPKeyHandle key);

    [DllImport(Library)]
    public static extern int EVP_DigestVerify(nint context, ref byte signature, nuint signatureLength, ref byte message, nuint messageLength);

    [DllImport(Library)]
    public static extern nint EC_GROUP_new_by_curve_name(int nid);

    [DllImport(Library)]
    public static extern nint EC_POINT_new(nint group);

    [DllImport(Library)]
    public static extern void EC_POINT_free(nint point);

    [DllImport(Library)]
    public static extern int EC_POINT_mul(nint group, nint result, nint generatorScalar, nint point, nint pointScalar, nint context);

    [DllImport(Library)]
    public static extern int EC_POINT_oct2point(nint group, nint point, ref byte encoded, nuint length, nint context);

    [DllImport(Library)]
    public static extern nuint EC_POINT_point2oct(nint group, nint point, int form, ref byte buffer, nuint length, nint context);

    [DllImport(Library)]
    public static extern nint BN_bin2bn(ref byte bigEndian, int length, nint result);

    [DllImport(Library)]
    public static extern void BN_set_flags(nint number, int flags);

    [DllImport(Library)]
    public static extern void BN_clear_free(nint number);
}
