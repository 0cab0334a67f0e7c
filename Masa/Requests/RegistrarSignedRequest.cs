namespace Eals.Masa.Requests;

/// <summary>A COSE_Sign1 whose signature verified under a registrar certificate that chains to the domain CA it names: its payload and who signed it.</summary>
public sealed record RegistrarSignedRequest(
    byte[] Payload,
    byte[] RegistrarCertificate,
    string RegistrarSubject,
    byte[] DomainCaCertificate,
    string DomainFingerprint);
