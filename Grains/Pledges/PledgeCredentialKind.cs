namespace Eals.Grains.Pledges;

/// <summary>Which certificate authenticated the pledge in EDHOC.</summary>
[GenerateSerializer]
public enum PledgeCredentialKind
{
    /// <summary>Its factory identity, chaining to a trusted manufacturer: may simple-enroll.</summary>
    Idevid = 0,
    /// <summary>A domain certificate this registrar's CA issued: may re-enroll.</summary>
    Ldevid = 1,
}
