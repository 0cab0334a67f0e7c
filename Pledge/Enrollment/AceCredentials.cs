using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// What a pledge on the ACE route holds: its serial number, the access token and the key it shares with the
/// authorization server (both installed by the manufacturer), and the MASA's trust anchor (the manufacturer CA),
/// under which the voucher in the Client Token must verify.
/// </summary>
public sealed record AceCredentials(string SerialNumber, byte[] AccessToken, byte[] ClientKey, X509Certificate2 MasaTrustAnchor)
{
    public override string ToString() => $"AceCredentials({SerialNumber})";
}
