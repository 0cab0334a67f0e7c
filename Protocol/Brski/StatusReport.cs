using System.Formats.Cbor;

namespace Eals.Protocol.Brski;

/// <summary>
/// The pledge's voucher status (<c>/vs</c>) and enroll status (<c>/es</c>) telemetry of RFC 8995 sections
/// 5.7 and 5.9.4 in CBOR, as constrained BRSKI carries it: <c>{"version": 1, "status": bool, ? "reason": text,
/// ? "reason-context": text}</c> (content format 60, application/cbor).
/// </summary>
public sealed record StatusReport(bool Status, string? Reason = null, string? ReasonContext = null)
{
    public const int Version = 1;

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2 + (Reason is null ? 0 : 1) + (ReasonContext is null ? 0 : 1));
        writer.WriteTextString("version");
        writer.WriteInt32(Version);
        writer.WriteTextString("status");
        writer.WriteBoolean(Status);
        if (Reason is not null)
        {
            writer.WriteTextString("reason");
            writer.WriteTextString(Reason);
        }
        if (ReasonContext is not null)
        {
            writer.WriteTextString("reason-context");
            writer.WriteTextString(ReasonContext);
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Parses a report; null for anything that is not one (never an exception).</summary>
    public static StatusReport? TryDecode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            int? count = reader.ReadStartMap();
            bool? status = null;
            string? reason = null, context = null;
            int? version = null;
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                switch (reader.ReadTextString())
                {
                    case "version": version = reader.ReadInt32(); break;
                    case "status": status = reader.ReadBoolean(); break;
                    case "reason": reason = reader.ReadTextString(); break;
                    case "reason-context": context = reader.ReadTextString(); break;
                    default: reader.SkipValue(); break;
                }
            }
            reader.ReadEndMap();
            return reader.BytesRemaining == 0 && version == Version && status is { } ok && count is null or <= 8 ? new StatusReport(ok, reason, context) : null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }
}
