namespace Eals.Protocol.Oscore;

/// <summary>
/// The input parameters of a Security Context (RFC 8613 section 3.2), as EDHOC (RFC 9528 appendix A.1)
/// or a provisioning step hands them over. <see cref="MasterSalt"/> absent means the default, the empty
/// byte string; <see cref="IdContext"/> absent (null) differs from present but empty: it is CBOR nil
/// instead of h'' in the HKDF info. (Both are arrays, not nullable memory: a null array converted to
/// ReadOnlyMemory would silently become "present and empty".)
/// </summary>
public sealed record OscoreContextParameters(
    ReadOnlyMemory<byte> MasterSecret,
    ReadOnlyMemory<byte> SenderId,
    ReadOnlyMemory<byte> RecipientId,
    byte[]? MasterSalt = null,
    byte[]? IdContext = null)
{
    /// <summary>Throws when the parameters cannot form a context (RFC 8613 section 3.3).</summary>
    public void Validate()
    {
        if (MasterSecret.IsEmpty)
        {
            throw new ArgumentException("The Master Secret must not be empty.", nameof(MasterSecret));
        }
        if (SenderId.Length > OscoreAlgorithm.MaxIdLength || RecipientId.Length > OscoreAlgorithm.MaxIdLength)
        {
            throw new ArgumentException($"Sender and Recipient IDs are at most {OscoreAlgorithm.MaxIdLength} bytes with AES-CCM-16-64-128.");
        }
        if (SenderId.Span.SequenceEqual(RecipientId.Span))
        {
            throw new ArgumentException("Sender ID and Recipient ID must differ (RFC 8613 section 3.3).");
        }
    }

    // The Master Secret must never appear in logs.
    public override string ToString()
        => $"OscoreContextParameters {{ SenderId = {Convert.ToHexString(SenderId.Span)}, RecipientId = {Convert.ToHexString(RecipientId.Span)}, "
           + $"IdContext = {(IdContext is { } c ? Convert.ToHexString(c) : "absent")} }}";
}
