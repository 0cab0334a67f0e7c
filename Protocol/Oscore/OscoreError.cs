using System.Text;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// A typed OSCORE failure with the CoAP error a server answers with (RFC 8613 sections 7.4, 8.2) and its
/// diagnostic payload. <see cref="ToResponse"/> turns it into the unprotected error response; the
/// <see cref="OscoreErrorKind.FreshnessUnverified"/> case is answered protected instead, see
/// <see cref="OscoreEchoChallenge"/>.
/// </summary>
public sealed record OscoreError(OscoreErrorKind Kind, CoapCode Code, string Diagnostic)
{
    /// <summary>Set for <see cref="OscoreErrorKind.FreshnessUnverified"/>: the 4.01 + Echo to protect and send.</summary>
    public OscoreEchoChallenge? EchoChallenge { get; init; }

    public static OscoreError CoseDecodeFailed { get; } = new(OscoreErrorKind.CoseDecodeFailed, CoapCode.BadOption, "Failed to decode COSE");
    public static OscoreError SecurityContextNotFound { get; } = new(OscoreErrorKind.SecurityContextNotFound, CoapCode.Unauthorized, "Security context not found");
    public static OscoreError ReplayDetected { get; } = new(OscoreErrorKind.ReplayDetected, CoapCode.Unauthorized, "Replay detected");
    public static OscoreError DecryptionFailed { get; } = new(OscoreErrorKind.DecryptionFailed, CoapCode.BadRequest, "Decryption failed");
    public static OscoreError MalformedPlaintext { get; } = new(OscoreErrorKind.MalformedPlaintext, CoapCode.BadRequest, "Decryption failed");
    public static OscoreError SequenceNumbersExhausted { get; } = new(OscoreErrorKind.SequenceNumbersExhausted, CoapCode.InternalServerError, "Sequence numbers exhausted");

    public static OscoreError InvalidMessage(string reason) => new(OscoreErrorKind.InvalidMessage, CoapCode.BadRequest, reason);

    /// <summary>
    /// The unprotected error response to <paramref name="request"/>: same token, piggybacked on the ACK of a
    /// CON, an Outer Max-Age of 0 so that proxies do not cache it, the diagnostic as payload (section 8.2).
    /// </summary>
    public CoapMessage ToResponse(CoapMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = OscoreMessageEnvelope.ResponseTo(request, Code);
        response.Payload = Encoding.UTF8.GetBytes(Diagnostic);
        response.AddOption(CoapOption.FromUInt(CoapOptionNumber.MaxAge, 0));
        return response;
    }
}
