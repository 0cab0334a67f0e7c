namespace Eals.Pledge.Enrollment;

/// <summary>How a pledge authenticates to the registrar before EST (issue 8): the ways into the same enrollment.</summary>
public enum EnrollmentRoute
{
    /// <summary>EDHOC with the IDevID, voucher in EAD (the default).</summary>
    Edhoc,

    /// <summary>A Full PKI Request signed with the IDevID (RFC 5272).</summary>
    Cmc,

    /// <summary>An access token from the manufacturer's AS, given to /authz-info (RFC 9203).</summary>
    Ace,

    /// <summary>A pre-shared OSCORE master secret the operator imported (RFC 9031 parameters).</summary>
    Psk,
}
