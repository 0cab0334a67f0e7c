namespace Eals.Protocol.Tests.Edhoc;

/// <summary>The credential forms the handshake properties cover.</summary>
public enum CredentialKind
{
    X5Chain,
    X5t,
    CcsKid,
}
