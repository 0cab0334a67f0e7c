namespace Eals.Grains.Pledges;

/// <summary>How the registrar authenticated the pledge: which route it came in by (draft sections 2.1, 2.3, 3.2).</summary>
[GenerateSerializer]
public enum PledgeCredentialKind
{
    /// <summary>EDHOC with its factory identity, chaining to a trusted manufacturer: may simple-enroll.</summary>
    Idevid = 0,
    /// <summary>EDHOC with a domain certificate this registrar's CA issued: may re-enroll.</summary>
    Ldevid = 1,
    /// <summary>An OSCORE context from a pre-shared master secret the operator imported for this pledge (RFC 9031 style).</summary>
    PreSharedKey = 2,
    /// <summary>An ACE access token introspected at the authorization server (RFC 9200, RFC 9203 OSCORE profile).</summary>
    AccessToken = 3,
    /// <summary>A CMC Full PKI Request signed with the pledge's IDevID key (RFC 5272).</summary>
    CmcSignature = 4,
    /// <summary>A CMC Full PKI Request signed by a trusted registration authority on the pledge's behalf.</summary>
    RegistrationAuthority = 5,
}
