namespace Eals.Protocol.Edhoc;

/// <summary>An in-memory set of trusted credentials, found by the ID_CRED that refers to them.</summary>
public sealed class EdhocCredentialStore : IEdhocCredentialResolver
{
    private readonly Dictionary<string, EdhocCredential> _byIdCred = new(StringComparer.Ordinal);

    public EdhocCredentialStore Add(EdhocCredential credential)
    {
        _byIdCred[Convert.ToHexString(credential.IdCred.Encoded)] = credential;
        return this;
    }

    public EdhocCredential? Resolve(EdhocIdCred idCred) => _byIdCred.GetValueOrDefault(Convert.ToHexString(idCred.Encoded));
}
