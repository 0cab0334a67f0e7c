using Eals.Protocol.Pki;

namespace Eals.Masa.Policy;

/// <summary>One sales record: an exact serial number, or a prefix (written <c>ACME-*</c>) that covers a batch.</summary>
public sealed record SalesRecordRule(string Pattern, bool IsPrefix, string DomainFingerprint)
{
    /// <summary>(text before the '*', is a prefix), or null when the key is neither a serial nor a prefix with one trailing '*'.</summary>
    public static (string Text, bool IsPrefix)? ParsePattern(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool isPrefix = key.EndsWith('*');
        var text = isPrefix ? key[..^1] : key;
        if (text.Contains('*', StringComparison.Ordinal) || (!isPrefix && text.Length == 0))
        {
            return null;
        }

        if (text.Length > 0)
        {
            try
            {
                DistinguishedNames.RequireSerialNumber(text);
            }
            catch (PkiException)
            {
                return null;
            }
        }

        return (text, isPrefix);
    }

    public bool Matches(string serialNumber) =>
        IsPrefix ? serialNumber.StartsWith(Pattern, StringComparison.Ordinal) : serialNumber.Equals(Pattern, StringComparison.Ordinal);
}
