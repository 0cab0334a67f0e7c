using System.Globalization;
using System.Text.RegularExpressions;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// <c>yang:date-and-time</c> (RFC 6991 section 3), a text string in YANG-CBOR (RFC 9254 section 6.4):
/// <c>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[\+\-]\d{2}:\d{2})</c>. Written in UTC with "Z" and the
/// shortest fraction that keeps every tick; read with any offset and up to seven fraction digits.
/// </summary>
internal static partial class YangDateTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Pattern().IsMatch(text)
            && DateTimeOffset.TryParseExact(text, "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+\-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Pattern();
}
