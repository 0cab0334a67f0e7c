using Eals.Protocol.Pki;

namespace Eals.Grains.Enrollment;

/// <summary>The certificate issued (or handed out again) for a request, or the PKI layer's refusal of it.</summary>
public sealed record IssuanceOutcome(byte[]? Certificate, PkiException? Refusal)
{
    public bool Issued => Certificate is not null;
}
