using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// A completed EDHOC session: PRK_out and PRK_exporter (RFC 9528 section 4.2), from which the
/// application derives keys with <see cref="Export"/>, OSCORE parameters (appendix A.1), and new
/// keys with <see cref="KeyUpdate"/> (appendix H).
/// </summary>
public sealed class EdhocSession : EdhocState
{
    private const int LabelKeyUpdate = 11;
    private const int OscoreMasterSecretLabel = 0;
    private const int OscoreMasterSaltLabel = 1;

    internal EdhocSession(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
        : base(data, crypto, observer)
    {
    }

    public bool IsInitiator => Data.IsInitiator;

    /// <summary>C_R as raw bytes.</summary>
    public byte[] ConnectionIdR => Data.ConnectionIdR;

    internal byte[] PrkOut => Data.PrkOut;

    /// <summary>
    /// RFC 9528 section 4.2.1:
    /// <code>EDHOC_Exporter( exporter_label, context, length ) = EDHOC_KDF( PRK_exporter, exporter_label, context, length )</code>
    /// </summary>
    public byte[] Export(int exporterLabel, ReadOnlySpan<byte> context, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exporterLabel);   // exporter_label : uint
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return ExportNamed(exporterLabel, context, length, null);
    }

    /// <summary>
    /// Appendix A.1: Master Secret = EDHOC_Exporter( 0, h'', oscore_key_length ), Master Salt =
    /// EDHOC_Exporter( 1, h'', oscore_salt_length ); the Sender ID is the other side's connection identifier.
    /// </summary>
    public EdhocOscoreParameters OscoreParameters()
    {
        byte[] secret = ExportNamed(OscoreMasterSecretLabel, [], EdhocOscoreParameters.MasterSecretLength, "oscore_master_secret");
        byte[] salt = ExportNamed(OscoreMasterSaltLabel, [], EdhocOscoreParameters.MasterSaltLength, "oscore_master_salt");
        byte[] senderId = IsInitiator ? Data.ConnectionIdR : Data.ConnectionIdI;
        byte[] recipientId = IsInitiator ? Data.ConnectionIdI : Data.ConnectionIdR;
        return new EdhocOscoreParameters(secret, salt, senderId, recipientId, EdhocCipherSuite.ApplicationAeadAlgorithm, EdhocCipherSuite.ApplicationHkdfAlgorithm);
    }

    /// <summary>
    /// Appendix H: <c>PRK_out = EDHOC_KDF( PRK_out, 11, context, hash_length )</c>, then PRK_exporter
    /// again. Returns the updated session; this one stays as it was, and the caller should discard it.
    /// </summary>
    public EdhocSession KeyUpdate(ReadOnlySpan<byte> context)
    {
        var observer = Schedule.Observer is null ? null : new PrefixingTraceObserver("key_update_", Schedule.Observer);
        var schedule = new EdhocKeySchedule(Schedule.Crypto, observer);
        byte[] prkOut = schedule.Kdf(Data.PrkOut, LabelKeyUpdate, context, EdhocCipherSuite.HashLength, "prk_out");
        byte[] prkExporter = EdhocKeyDerivation.PrkExporter(schedule, prkOut);
        return new EdhocSession(Data with { PrkOut = prkOut, PrkExporter = prkExporter }, Schedule.Crypto, observer);
    }

    internal static EdhocSession From(EdhocSessionState data, EdhocKeySchedule schedule) => new(
        new EdhocSessionState
        {
            Phase = EdhocPhase.Completed,
            IsInitiator = data.IsInitiator,
            Method = data.Method,
            Suite = data.Suite,
            ConnectionIdI = data.ConnectionIdI,
            ConnectionIdR = data.ConnectionIdR,
            PrkOut = data.PrkOut,
            PrkExporter = data.PrkExporter,
        },
        schedule.Crypto,
        schedule.Observer);

    private byte[] ExportNamed(int exporterLabel, ReadOnlySpan<byte> context, int length, string? name) =>
        Schedule.Kdf(Data.PrkExporter, exporterLabel, context, length, name);
}
