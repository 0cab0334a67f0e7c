namespace Eals.Protocol.Est;

/// <summary>
/// One AttrOrOID of a CSR attributes response (RFC 7030 section 4.5.2): a bare OID when
/// <see cref="Values"/> is null, otherwise an Attribute whose values are DER-encoded ASN.1.
/// </summary>
public sealed record CsrAttribute(string Oid, IReadOnlyList<byte[]>? Values = null)
{
    public bool IsBareOid => Values is null;
}
