namespace Eals.Protocol.Pki;

/// <summary>Validity arithmetic: X.509 UTCTime/GeneralizedTime carry whole seconds (RFC 5280 section 4.1.2.5).</summary>
internal static class Validity
{
    /// <summary>RFC 5280 section 4.1.2.5 / RFC 8995 section 2.3.1: 99991231235959Z, no well-defined expiration.</summary>
    public static readonly DateTimeOffset NoWellDefinedExpiration = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>True when <paramref name="now"/> lies within the certificate's notBefore..notAfter (inclusive).</summary>
    public static bool Contains(DateTime notBefore, DateTime notAfter, DateTimeOffset now) =>
        now >= new DateTimeOffset(notBefore.ToUniversalTime()) && now <= new DateTimeOffset(notAfter.ToUniversalTime());
}
