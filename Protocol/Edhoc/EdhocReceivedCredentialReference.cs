namespace Eals.Protocol.Edhoc;

/// <summary>Decodes what a processing state keeps of the peer's ID_CRED and EAD.</summary>
internal static class EdhocReceivedCredentialReference
{
    public static EdhocIdCred IdCred(EdhocSessionState data) => EdhocIdCred.Decode(data.PeerIdCred).Value;

    /// <summary>The EAD items handed to the application: everything except padding.</summary>
    public static IReadOnlyList<EadItem> Ead(EdhocSessionState data) =>
        [.. EadItem.DecodeSequence(data.PeerEad).Value.Where(i => i.Label != EadItem.PaddingLabel)];

    /// <summary>The convenience path: look the credential up, ERR_CODE 3 when it is unknown.</summary>
    public static EdhocCredential Resolve(IEdhocCredentialResolver resolver, EdhocIdCred idCred) =>
        resolver.Resolve(idCred) ?? throw EdhocProtocolException.Of(EdhocFailureKind.UnknownCredential, $"no credential for {idCred}");
}
