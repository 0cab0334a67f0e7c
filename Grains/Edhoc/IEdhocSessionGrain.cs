namespace Eals.Grains.Edhoc;

/// <summary>
/// One EDHOC session on the registrar's side, keyed by the registrar's connection identifier (hex):
/// C_I in the reverse flow, C_R in the forward flow. The same identifier is the pledge's OSCORE 'kid'
/// afterwards, so it is allocated centrally and never reused while a context under it exists.
/// </summary>
[Alias("eals.edhoc-session")]
public interface IEdhocSessionGrain : IGrainWithStringKey
{
    /// <summary>Reverse flow: creates message_1. Null when the identifier is already taken (the caller picks another).</summary>
    [Alias("start-reverse")]
    Task<EdhocReply?> StartReverseAsync(string site, Pacing.PacingLease? lease);

    /// <summary>Forward flow: answers the pledge's message_1 with message_2. Null when the identifier is already taken.</summary>
    [Alias("start-forward")]
    Task<EdhocReply?> StartForwardAsync(byte[] message1, string site, Pacing.PacingLease? lease);

    /// <summary>The next message of the session: message_2 (reverse) or message_3 (forward), or an EDHOC error from the pledge.</summary>
    [Alias("continue")]
    Task<EdhocReply> ContinueAsync(byte[] message);

    /// <summary>The serial of the pledge whose grain owns the OSCORE context this completed session made, or null.</summary>
    [Alias("owner")]
    Task<string?> OwnerAsync();
}
