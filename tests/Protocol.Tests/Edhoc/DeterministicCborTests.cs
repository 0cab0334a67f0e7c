using System.Formats.Cbor;
using CsCheck;
using Eals.Protocol.Cbor;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 8949 section 4.2.1 as EDHOC requires it (RFC 9528 section 3.1).</summary>
public sealed class DeterministicCborTests
{
    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("17")]
    [InlineData("1818")]
    [InlineData("190100")]
    [InlineData("1a00010000")]
    [InlineData("1b0000000100000000")]
    [InlineData("37")]
    [InlineData("5820" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("a2182101" + "2002")]        // {33: 1, -1: 2}: bytewise order puts 0x1821 before 0x20
    [InlineData("f5f6")]
    [InlineData("c24100")]
    public void Deterministic_encodings_pass(string hex)
    {
        Assert.Equal(CborEncodingCheck.Deterministic, DeterministicCbor.Check(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("1800")]                 // 0 in one extra byte
    [InlineData("190003")]               // RFC 9529 4.3.1
    [InlineData("1a0000ffff")]
    [InlineData("1b00000000ffffffff")]
    [InlineData("9f0602ff")]             // RFC 9529 4.3.2
    [InlineData("5f4101ff")]
    [InlineData("a2200218210c")]         // {-1: 2, 33: 12}: length-first order, not bytewise
    [InlineData("a201010102")]           // duplicate key
    [InlineData("580100")]               // one-byte bstr with a long length
    public void Non_deterministic_encodings_are_flagged(string hex)
    {
        Assert.Equal(CborEncodingCheck.NotDeterministic, DeterministicCbor.Check(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("18")]                   // argument missing
    [InlineData("5802aa")]               // truncated byte string
    [InlineData("8201")]                 // array missing an element
    [InlineData("1c")]                   // reserved additional information
    [InlineData("ff")]                   // stray break
    [InlineData("f800")]                 // simple value below 32 in two bytes
    [InlineData("9f01")]                 // indefinite array without break
    public void Malformed_input_is_reported_as_such(string hex)
    {
        Assert.Equal(CborEncodingCheck.Malformed, DeterministicCbor.Check(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Agrees_with_the_bcl_on_what_is_well_formed()
    {
        // Without 0xf8: RFC 8949 section 3.3 makes 0xf8 followed by a byte below 0x20 not well-formed,
        // which the BCL's lax reader accepts (covered by Malformed_input_is_reported_as_such).
        Gen.Byte.Where(b => b != 0xf8).Array[0, 40].Sample(bytes =>
        {
            bool wellFormed = DeterministicCbor.Check(bytes) != CborEncodingCheck.Malformed;
            Assert.True(IsWellFormed(bytes) == wellFormed, Convert.ToHexString(bytes));
        }, iter: 50_000);
    }

    [Fact]
    public void Id_cred_map_in_rfc_8949_key_order_is_accepted_in_plaintext_2()
    {
        // PLAINTEXT_2 = C_R, ID_CRED_R {34: [-15, h'..'], -1: 0}, MAC_2 (8 bytes): bytewise key order 0x1822 < 0x20.
        byte[] plaintext = Convert.FromHexString("27" + "a2" + "1822822e48" + "0102030405060708" + "2000" + "48" + "1112131415161718");
        var parsed = EdhocPlaintext2.Decode(plaintext, 8);
        Assert.True(parsed.IsSuccess, parsed.Failure?.ToString());
        Assert.NotNull(parsed.Value.IdCredR.X5tHash);
        byte[] lengthFirst = Convert.FromHexString("27" + "a2" + "2000" + "1822822e48" + "0102030405060708" + "48" + "1112131415161718");
        Assert.Equal(EdhocFailureKind.NonDeterministicEncoding, EdhocPlaintext2.Decode(lengthFirst, 8).Failure?.Kind);
    }

    private static bool IsWellFormed(byte[] bytes)
    {
        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            while (reader.PeekState() != CborReaderState.Finished)
            {
                reader.SkipValue();
            }
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            return false;
        }
    }
}
