namespace Eals.Protocol.Edhoc;

/// <summary>
/// Synchronous credential lookup for the convenience path; the grain path instead reads ID_CRED from
/// the processing state, resolves it asynchronously and calls <c>Verify</c> with the credential.
/// </summary>
public interface IEdhocCredentialResolver
{
    /// <summary>The trusted credential <paramref name="idCred"/> refers to, or null when unknown.</summary>
    EdhocCredential? Resolve(EdhocIdCred idCred);
}
