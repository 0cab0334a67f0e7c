using System.Globalization;
using System.Text;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 4.1.3.3: a Proxy-Uri option is decomposed before protection into Proxy-Scheme,
/// Uri-Host and Uri-Port (Class U) and Uri-Path and Uri-Query (Class E), following RFC 7252 section 6.4.
/// Only absolute "scheme://authority/path?query" URIs are accepted.
/// </summary>
public static class OscoreProxyUri
{
    private const int CoapDefaultPort = 5683;
    private const int CoapsDefaultPort = 5684;

    /// <summary>The options that replace <paramref name="proxyUri"/>, or false when it is not an absolute URI.</summary>
    public static bool TryDecompose(string proxyUri, out List<CoapOption> options)
    {
        options = [];
        int schemeEnd = proxyUri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !IsScheme(proxyUri.AsSpan(0, schemeEnd)) || proxyUri.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }
        string scheme = proxyUri[..schemeEnd].ToLowerInvariant();
        int authorityStart = schemeEnd + 3;
        int authorityEnd = proxyUri.IndexOfAny(['/', '?'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = proxyUri.Length;
        }
        if (!TrySplitAuthority(proxyUri[authorityStart..authorityEnd], out string host, out int? port))
        {
            return false;
        }
        options.Add(CoapOption.FromString(CoapOptionNumber.ProxyScheme, scheme));
        options.Add(CoapOption.FromString(CoapOptionNumber.UriHost, host));
        int defaultPort = scheme == "coaps" ? CoapsDefaultPort : CoapDefaultPort;
        if (port is { } p && p != defaultPort)
        {
            options.Add(CoapOption.FromUInt(CoapOptionNumber.UriPort, (uint)p));
        }

        string rest = proxyUri[authorityEnd..];
        int queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        string path = queryStart < 0 ? rest : rest[..queryStart];
        // RFC 7252 6.4 step 8: "/" alone (or nothing) is no Uri-Path at all.
        if (path.Length > 1)
        {
            foreach (string segment in path[1..].Split('/'))
            {
                options.Add(CoapOption.FromString(CoapOptionNumber.UriPath, Uri.UnescapeDataString(segment)));
            }
        }
        if (queryStart >= 0)
        {
            foreach (string argument in rest[(queryStart + 1)..].Split('&'))
            {
                options.Add(CoapOption.FromString(CoapOptionNumber.UriQuery, Uri.UnescapeDataString(argument)));
            }
        }
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }
        foreach (char c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    // host = IP-literal ("[...]") / reg-name / IPv4; RFC 7252 6.4 step 5: lower-cased, percent-decoded.
    private static bool TrySplitAuthority(string authority, out string host, out int? port)
    {
        host = "";
        port = null;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }
        int portSeparator;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = authority[1..close];
            portSeparator = close + 1 < authority.Length ? close + 1 : -1;
            if (portSeparator >= 0 && authority[portSeparator] != ':')
            {
                return false;
            }
        }
        else
        {
            portSeparator = authority.IndexOf(':', StringComparison.Ordinal);
            host = Uri.UnescapeDataString(portSeparator < 0 ? authority : authority[..portSeparator]).ToLowerInvariant();
        }
        if (host.Length == 0 || Encoding.UTF8.GetByteCount(host) > byte.MaxValue)
        {
            return false;
        }
        if (portSeparator >= 0)
        {
            string digits = authority[(portSeparator + 1)..];
            if (digits.Length > 0)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > ushort.MaxValue)
                {
                    return false;
                }
                port = value;
            }
        }
        return true;
    }
}
