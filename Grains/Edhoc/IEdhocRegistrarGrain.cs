namespace Eals.Grains.Edhoc;

/// <summary>
/// Entry point for new EDHOC sessions: allocates the registrar's connection identifier (random, checked
/// unused by the session grain that claims it) and starts the session. A stateless worker, so admission
/// of new sessions is spread over every silo and core instead of one hot grain.
/// </summary>
[Alias("eals.edhoc-registrar")]
public interface IEdhocRegistrarGrain : IGrainWithIntegerKey
{
    /// <summary>An empty POST from <paramref name="pledge"/> (its address, or a proxy's handle for it) at <paramref name="site"/>:
    /// message_1 when admitted, else 5.03 with Max-Age (the expected wait). <paramref name="source"/> (its IP address, or the
    /// proxy's handle) is what the site's per-source cap on handshakes counts.</summary>
    [Alias("trigger")]
    Task<EdhocReply> TriggerAsync(string site, string pledge, string source);

    /// <summary>The pledge's message_1 (forward flow): admitted and answered with message_2, or 5.03 with Max-Age.</summary>
    [Alias("message1")]
    Task<EdhocReply> Message1Async(byte[] message1, string site, string pledge, string source);
}
