using System.Text;

namespace Eals.Protocol.Coap;

/// <summary>One link of RFC 6690 link-format: a target and its attributes.</summary>
public sealed record CoapLink(string Target, IReadOnlyList<KeyValuePair<string, string?>> Attributes)
{
    public CoapLink(string target, params (string Name, string? Value)[] attributes)
        : this(target, attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)).ToArray())
    {
    }
}

/// <summary>Serialises links as application/link-format (RFC 6690 section 2), used by /.well-known/core.</summary>
public static class CoapLinkFormat
{
    // Attributes whose values are numbers or tokens are written bare; others are quoted.
    private static readonly HashSet<string> BareAttributes = new(StringComparer.Ordinal) { "ct", "sz", "obs" };

    public static string Serialize(IEnumerable<CoapLink> links)
    {
        var builder = new StringBuilder();
        foreach (var link in links)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }
            builder.Append('<').Append(link.Target).Append('>');
            foreach (var (name, value) in link.Attributes)
            {
                builder.Append(';').Append(name);
                if (value is null)
                {
                    continue;
                }
                builder.Append('=');
                if (BareAttributes.Contains(name) && value.Length > 0 && !value.Contains(' ', StringComparison.Ordinal))
                {
                    builder.Append(value);
                }
                else
                {
                    builder.Append('"').Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                }
            }
        }
        return builder.ToString();
    }
}
