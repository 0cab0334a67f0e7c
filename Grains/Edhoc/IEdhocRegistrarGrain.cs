namespace Eals.Grains.Edhoc;

/// <summary>
/// Entry point for new EDHOC sessions: allocates the registrar's connection identifier (random, checked
/// unused by the session grain that claims it) and starts the session. A stateless worker, so admission
/// of new sessions is spread over every silo and core instead of one hot grain.
/// </summary>
[Alias("eals.edhoc-registrar")]
public interface IEdhocRegistrarGrain : IGrainWithIntegerKey
{
    [Alias("trigger")]
    Task<EdhocReply> TriggerAsync(string site);

    [Alias("message1")]
    Task<EdhocReply> Message1Async(byte[] message1, string site);
}
