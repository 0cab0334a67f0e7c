using Eals.Protocol.Est;
using Eals.Protocol.Tests.Vouchers;

namespace Eals.Protocol.Tests.Est;

/// <summary>Our multipart-core against npm cbor, an independent CBOR implementation: it reads ours, we read its, bytes equal.</summary>
public sealed class MultipartCoreInteropTests
{
    private static readonly MultipartPart[] Parts =
    [
        new(284, Convert.FromHexString("308187020100301306072A8648CE3D020106082A8648CE3D030107046D306B0201010420")),
        new(287, new byte[300]),
        new(0, null),
        new(65535, "x"u8.ToArray()),
    ];

    [Fact]
    public void Npm_cbor_decodes_ours_to_the_same_pairs()
    {
        var value = NodePeer.Run("decode", Convert.ToHexString(MultipartCore.Encode(Parts))).GetProperty("value");

        Assert.Equal(Parts.Length * 2, value.GetArrayLength());
        for (int i = 0; i < Parts.Length; i++)
        {
            Assert.Equal(Parts[i].ContentFormat, value[2 * i].GetInt32());
            var representation = value[2 * i + 1];
            if (Parts[i].Representation is { } bytes)
            {
                Assert.Equal(Convert.ToHexStringLower(bytes.Span), representation.GetProperty("hex").GetString());
            }
            else
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Null, representation.ValueKind);
            }
        }
    }

    [Fact]
    public void Npm_cbor_encodes_the_same_bytes_and_we_read_them()
    {
        string[] arguments = [.. Parts.Select(p => $"{p.ContentFormat}:{(p.Representation is { } bytes ? Convert.ToHexStringLower(bytes.Span) : "null")}")];

        byte[] theirs = Convert.FromHexString(NodePeer.Run(["encode-multipart", .. arguments]).GetProperty("cbor").GetString()!);

        Assert.Equal(MultipartCore.Encode(Parts), theirs);
        Assert.Equal(Parts.Select(p => (p.ContentFormat, p.Representation?.ToArray())), MultipartCore.Decode(theirs).Select(p => (p.ContentFormat, p.Representation?.ToArray())));
    }
}
