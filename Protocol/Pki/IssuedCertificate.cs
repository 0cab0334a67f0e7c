namespace Eals.Protocol.Pki;

/// <summary>What the CA grain records of every certificate it issues (serial uniqueness, audit, re-enrollment).</summary>
/// <param name="SerialNumberHex">Upper-case hex of the DER INTEGER's content octets.</param>
/// <param name="Subject">RFC 4514 string form of the subject.</param>
/// <param name="Der">The certificate, content format 287 (application/pkix-cert).</param>
public sealed record IssuedCertificate(string SerialNumberHex, string Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] Der)
{
    public override string ToString() => $"IssuedCertificate({SerialNumberHex}, {Subject}, {NotBefore:O}..{NotAfter:O})";
}
