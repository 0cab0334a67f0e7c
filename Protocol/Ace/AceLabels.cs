namespace Eals.Protocol.Ace;

/// <summary>
/// CBOR map labels of the ACE route. Claims: RFC 8392 (CWT) and RFC 9200 section 5.9 / 8.10 (introspection);
/// /authz-info parameters: RFC 9203 section 4.1 / 4.2; OSCORE_Input_Material: RFC 9203 section 3.2.1. The two
/// EALS parameters (the Client Token and the voucher in it, draft section 3.2) have no registered labels yet:
/// they use ACE's private-use range (below -65536).
/// </summary>
public static class AceLabels
{
    public const int Issuer = 1;
    public const int Subject = 2;
    public const int Audience = 3;
    public const int ExpiresAt = 4;
    public const int IssuedAt = 6;
    public const int TokenId = 7;
    public const int Confirmation = 8;
    public const int Scope = 9;
    public const int Active = 10;

    /// <summary>RFC 9200 section 5.9.1: the token in an introspection request.</summary>
    public const int Token = 11;

    /// <summary>RFC 9200 section 8.13: access_token, the /authz-info request's token.</summary>
    public const int AccessToken = 1;

    public const int Nonce1 = 40;
    public const int Nonce2 = 42;
    public const int ClientRecipientId = 43;
    public const int ServerRecipientId = 44;

    /// <summary>RFC 9203 section 9.2: the 'osc' confirmation method carrying OSCORE_Input_Material.</summary>
    public const int Osc = 4;

    /// <summary>EALS draft section 3.2: the Client Token (private use until registered).</summary>
    public const int ClientToken = -65537;

    /// <summary>EALS draft section 3.2: the MASA-signed voucher inside the Client Token (private use until registered).</summary>
    public const int Voucher = -65538;

    // OSCORE_Input_Material (RFC 9203 section 3.2.1).
    public const int InputMaterialId = 0;
    public const int InputMaterialMasterSecret = 2;
    public const int InputMaterialSalt = 5;
    public const int InputMaterialContextId = 6;

    /// <summary>The scope a pledge's token must carry: the EALS enrollment resources.</summary>
    public const string EnrollmentScope = "/eals";
}
