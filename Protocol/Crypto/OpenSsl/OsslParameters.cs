using System.Runtime.InteropServices;

namespace Eals.Protocol.Crypto.OpenSsl;

/// <summary>
/// An OSSL_PARAM array (openssl/core.h) describing a P-256 key for EVP_PKEY_fromdata: "group" = "prime256v1", and
/// "pub" (an encoded point) and/or "priv" (the scalar), laid out by hand in one unmanaged block so nothing but the
/// import itself runs in libcrypto. EVP_PKEY_fromdata copies what it needs; the block, private key included, is
/// zeroed before it is freed.
/// </summary>
internal sealed class OsslParameters : SafeHandle
{
    // struct ossl_param_st { const char *key; unsigned int data_type; void *data; size_t data_size; size_t return_size; } on LP64.
    private const int EntrySize = 40;
    private const int DataTypeOffset = 8;
    private const int DataOffset = 16;
    private const int DataSizeOffset = 24;
    private const int ReturnSizeOffset = 32;
    private const int UnsignedInteger = 2;   // OSSL_PARAM_UNSIGNED_INTEGER
    private const int Utf8String = 4;        // OSSL_PARAM_UTF8_STRING
    private const int OctetString = 5;       // OSSL_PARAM_OCTET_STRING

    // Process-lifetime C strings: OSSL_PARAM entries point at them.
    private static readonly nint GroupKey = Marshal.StringToCoTaskMemUTF8("group");
    private static readonly nint PublicKey = Marshal.StringToCoTaskMemUTF8("pub");
    private static readonly nint PrivateKey = Marshal.StringToCoTaskMemUTF8("priv");
    private static readonly (nint Text, int Length) CurveName = (Marshal.StringToCoTaskMemUTF8("prime256v1"), "prime256v1".Length);

    private readonly int _length;

    private OsslParameters(int length)
        : base(0, ownsHandle: true)
    {
        _length = length;
        SetHandle(Marshal.AllocHGlobal(length));
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// The parameters of a key with the encoded point <paramref name="encodedPoint"/> and/or the big-endian scalar
    /// <paramref name="privateKey"/> (either may be empty, not both).
    /// </summary>
    public static OsslParameters ForKey(ReadOnlySpan<byte> encodedPoint, ReadOnlySpan<byte> privateKey)
    {
        int entries = 1 + (encodedPoint.IsEmpty ? 0 : 1) + (privateKey.IsEmpty ? 0 : 1);
        int dataStart = (entries + 1) * EntrySize;
        var parameters = new OsslParameters(dataStart + encodedPoint.Length + privateKey.Length);
        nint block = parameters.handle;
        for (int offset = 0; offset < parameters._length; offset++)
        {
            Marshal.WriteByte(block, offset, 0); // the terminating entry is all zero
        }

        int entry = 0;
        WriteEntry(block, entry++, GroupKey, Utf8String, CurveName.Text, CurveName.Length);
        int data = dataStart;
        if (!encodedPoint.IsEmpty)
        {
            for (int i = 0; i < encodedPoint.Length; i++)
            {
                Marshal.WriteByte(block, data + i, encodedPoint[i]);
            }
            WriteEntry(block, entry++, PublicKey, OctetString, block + data, encodedPoint.Length);
            data += encodedPoint.Length;
        }
        if (!privateKey.IsEmpty)
        {
            // OSSL_PARAM integers are in native byte order.
            for (int i = 0; i < privateKey.Length; i++)
            {
                Marshal.WriteByte(block, data + i, privateKey[BitConverter.IsLittleEndian ? privateKey.Length - 1 - i : i]);
            }
            WriteEntry(block, entry, PrivateKey, UnsignedInteger, block + data, privateKey.Length);
        }
        return parameters;
    }

    protected override bool ReleaseHandle()
    {
        for (int offset = 0; offset < _length; offset++)
        {
            Marshal.WriteByte(handle, offset, 0);
        }
        Marshal.FreeHGlobal(handle);
        return true;
    }

    private static void WriteEntry(nint block, int index, nint key, int dataType, nint data, int dataSize)
    {
        nint entry = block + index * EntrySize;
        Marshal.WriteIntPtr(entry, key);
        Marshal.WriteInt32(entry, DataTypeOffset, dataType);
        Marshal.WriteIntPtr(entry, DataOffset, data);
        Marshal.WriteInt64(entry, DataSizeOffset, dataSize);
        Marshal.WriteInt64(entry, ReturnSizeOffset, -1); // OSSL_PARAM_UNMODIFIED
    }
}
