using System.Formats.Cbor;
using CsCheck;
using Eals.Protocol.Cose;
using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>The hand-written AAD encoding equals what a general CBOR writer produces (RFC 8613 section 5.4).</summary>
public sealed class OscoreAadTests
{
    [Fact]
    public void Aad_equals_enc_structure_over_the_cbor_aad_array_for_any_lengths()
    {
        Gen.Select(Gen.OneOf(Gen.Byte.Array[0, 30], Gen.Byte.Array[0, 300]), Gen.OneOf(Gen.Byte.Array[0, 5], Gen.Byte.Array[0, 300]))
            .Sample((kid, piv) =>
            {
                var reference = ReferenceAadArray(kid, piv);

                Assert.Equal(reference, OscoreAad.BuildAadArray(kid, piv));
                Assert.Equal(CoseStructures.Encrypt0(reference), OscoreAad.BuildAad(kid, piv));
                Assert.Equal(OscoreAad.GetAadLength(kid.Length, piv.Length), OscoreAad.BuildAad(kid, piv).Length);
            }, iter: 2_000);
    }

    private static byte[] ReferenceAadArray(byte[] kid, byte[] piv)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(5);
        writer.WriteInt32(1);
        writer.WriteStartArray(1);
        writer.WriteInt32(10);
        writer.WriteEndArray();
        writer.WriteByteString(kid);
        writer.WriteByteString(piv);
        writer.WriteByteString([]);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
