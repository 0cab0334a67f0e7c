using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Registrar;
using Eals.Protocol.Ace;
using Eals.Protocol.Vouchers;

namespace Eals.Grains.Ace;

/// <summary>
/// The registrar's part of the ACE route as resource server: its audience name (its certificate's common name, what
/// the manufacturer puts in aud), introspection requests signed with its credential (x5chain: its certificate, then
/// the domain CA the MASA pins in the voucher), and opening the AS's answer, encrypted to its P-256 key.
/// </summary>
public sealed class RegistrarAce(RegistrarCredentials credentials)
{
    public string Audience { get; } = credentials.RegistrarCertificate.GetNameInfo(X509NameType.SimpleName, false);

    public byte[] BuildIntrospectionRequest(byte[] token, byte[] nonce1)
    {
        var signer = new CoseSigner(credentials.RegistrarKey, null, [credentials.RegistrarCertificate.RawData, credentials.DomainCa.Certificate.RawData]);
        return CoseSign1.Sign(new IntrospectionRequest(token, nonce1).Encode(), signer);
    }

    /// <summary>The AS's answer; <see cref="AceFormatException"/> when it is not sealed to this registrar or is malformed.</summary>
    public IntrospectionResponse OpenAnswer(byte[] sealedAnswer)
    {
        using var own = ECDiffieHellman.Create(credentials.RegistrarKey.ExportParameters(true));
        byte[] plaintext = AceKeyAgreement.Open(sealedAnswer, own);
        try
        {
            return IntrospectionResponse.Decode(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
