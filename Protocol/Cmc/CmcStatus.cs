namespace Eals.Protocol.Cmc;

/// <summary>CMCStatus (RFC 5272 section 6.1.3).</summary>
public enum CmcStatus
{
    Success = 0,
    Failed = 2,
    Pending = 3,
    NoSupport = 4,
    ConfirmRequired = 5,
    PopRequired = 6,
    Partial = 7,
}
