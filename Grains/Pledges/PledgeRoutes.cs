namespace Eals.Grains.Pledges;

/// <summary>The timeline's words for the way a pledge was authenticated.</summary>
public static class PledgeRoutes
{
    /// <summary>The timeline step of the authentication: edhoc, psk, ace or cmc.</summary>
    public static string Step(PledgeCredentialKind kind) => kind switch
    {
        PledgeCredentialKind.Idevid or PledgeCredentialKind.Ldevid => "edhoc",
        PledgeCredentialKind.PreSharedKey => "psk",
        PledgeCredentialKind.AccessToken => "ace",
        PledgeCredentialKind.CmcSignature or PledgeCredentialKind.RegistrationAuthority => "cmc",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such route"),
    };

    /// <summary>What authenticated the pledge, for the timeline (no secret in it).</summary>
    public static string Describe(PledgeIdentity identity, string connectionId) => identity.Kind switch
    {
        PledgeCredentialKind.Idevid => $"IDevID {identity.Subject}, issued by {identity.Issuer}; OSCORE kid {connectionId}",
        PledgeCredentialKind.Ldevid => $"domain certificate {identity.Subject}, issued by {identity.Issuer}; OSCORE kid {connectionId}",
        PledgeCredentialKind.PreSharedKey => $"pre-shared key registered to {identity.Subject}; OSCORE context {connectionId}",
        PledgeCredentialKind.AccessToken => $"access token from {identity.Issuer} for {identity.Subject}; OSCORE kid {connectionId}",
        PledgeCredentialKind.CmcSignature => $"CMC request signed with IDevID {identity.Subject}, issued by {identity.Issuer}",
        PledgeCredentialKind.RegistrationAuthority => $"CMC request for {identity.Subject} signed by registration authority {identity.Issuer}",
        _ => throw new ArgumentOutOfRangeException(nameof(identity), identity.Kind, "no such route"),
    };
}
