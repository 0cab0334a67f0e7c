using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Eals.Protocol.Tests.Pki;

namespace Eals.Protocol.Tests.Est;

/// <summary>CSR attributes (content format 285, RFC 7030 section 4.5.2).</summary>
public sealed class CsrAttributesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Openssl_asn1parse_accepts_the_policy_attributes()
    {
        var encoded = CsrAttributes.Build(CsrAttributes.ForP256DeviceRequests());

        var parsed = OpenSsl.Succeed("asn1parse", "-inform", "DER", "-in", _folder.Write("att.der", encoded)).StandardOutput;

        TextAssert.ContainsAll(parsed, ":id-ecPublicKey", ":prime256v1", ":ecdsa-with-SHA256", ":serialNumber", "SET");
    }

    [Fact]
    public void The_policy_attributes_round_trip()
    {
        var attributes = CsrAttributes.ForP256DeviceRequests();

        var parsed = CsrAttributes.Parse(CsrAttributes.Build(attributes));

        Assert.Equal(attributes.Select(a => a.Oid), parsed.Select(a => a.Oid));
        Assert.Equal(PkiOids.EcPublicKey, parsed[0].Oid);
        Assert.Equal(new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 }, Assert.Single(parsed[0].Values!));
        Assert.True(parsed[1].IsBareOid);
        Assert.True(parsed[2].IsBareOid);
    }

    [Fact]
    public void The_rfc_7030_example_is_read()
    {
        // RFC 7030 section 4.5.2, the example response (base64 from the RFC).
        var example = Convert.FromBase64String("MEEGCSqGSIb3DQEJBzASBgcqhkjOPQIBMQcGBSuBBAAiMBYGCSqGSIb3DQEJDjEJBgcrBgEBAQEWBggqhkjOPQQDAw==");

        var parsed = CsrAttributes.Parse(example);

        Assert.Equal(["1.2.840.113549.1.9.7", "1.2.840.10045.2.1", "1.2.840.113549.1.9.14", "1.2.840.10045.4.3.3"], parsed.Select(a => a.Oid));
        Assert.True(parsed[0].IsBareOid);
        Assert.False(parsed[1].IsBareOid);
    }

    [Fact]
    public void Malformed_input_and_empty_value_sets_are_refused()
    {
        Assert.Equal(EstFormatError.Malformed, Assert.Throws<EstFormatException>(() => CsrAttributes.Parse(new byte[] { 0x30, 0x05, 0x06 })).Error);
        Assert.Equal(EstFormatError.Malformed, Assert.Throws<EstFormatException>(() => CsrAttributes.Parse(new byte[] { 0x30, 0x07, 0x30, 0x05, 0x06, 0x01, 0x2A, 0x31, 0x00 })).Error);
        Assert.Equal(EstFormatError.Malformed, Assert.Throws<EstFormatException>(() => CsrAttributes.Parse(new byte[] { 0x30, 0x00, 0x00 })).Error);
        Assert.Empty(CsrAttributes.Parse(new byte[] { 0x30, 0x00 }));
        Assert.Throws<ArgumentException>(() => CsrAttributes.Build([new CsrAttribute(PkiOids.EcPublicKey, [])]));
    }

    public void Dispose() => _folder.Dispose();
}
