namespace Eals.Protocol.Edhoc;

/// <summary>
/// A typed EDHOC protocol error. <see cref="ToErrorMessage"/> gives the error message to send to the
/// peer (RFC 9528 section 6); the detail is for logs and is not sent.
/// </summary>
public sealed record EdhocFailure(EdhocFailureKind Kind, string Detail)
{
    /// <summary>For <see cref="EdhocFailureKind.WrongSelectedCipherSuite"/>: the suites this Responder supports (SUITES_R).</summary>
    public IReadOnlyList<int> SuitesR { get; init; } = [];

    /// <summary>For <see cref="EdhocFailureKind.PeerError"/>: the error message the peer sent.</summary>
    public EdhocErrorMessage? PeerError { get; init; }

    /// <summary>The error message that reports this failure: ERR_CODE 2 with SUITES_R, 3, or 1 with a short diagnostic.</summary>
    public EdhocErrorMessage ToErrorMessage() => Kind switch
    {
        EdhocFailureKind.WrongSelectedCipherSuite => EdhocErrorMessage.WrongSelectedCipherSuite(SuitesR),
        EdhocFailureKind.UnknownCredential => EdhocErrorMessage.UnknownCredentialReferenced(),
        _ => EdhocErrorMessage.Unspecified(Kind.ToString()),
    };

    public override string ToString() => $"{Kind}: {Detail}";
}
