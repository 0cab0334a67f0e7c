using System.Diagnostics.CodeAnalysis;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 4.1: splits a message's options into the Inner (Class E) options that are encrypted
/// and the Outer (Class U) options that stay readable, decomposing a Proxy-Uri first (4.1.3.3).
/// </summary>
internal static class OscoreMessageSplitter
{
    public static bool TrySplit(CoapMessage message, out List<CoapOption> inner, out List<CoapOption> outer, [NotNullWhen(false)] out string? problem)
    {
        inner = new List<CoapOption>(message.Options.Count);
        outer = new List<CoapOption>(2);
        problem = null;
        foreach (var option in message.Options)
        {
            if (option.Number == CoapOptionNumber.Oscore)
            {
                problem = "The message already has an OSCORE option.";
                return false;
            }
            if (option.Number == CoapOptionNumber.ProxyUri)
            {
                if (!OscoreProxyUri.TryDecompose(option.GetString(), out var decomposed))
                {
                    problem = "Proxy-Uri is not an absolute URI.";
                    return false;
                }
                foreach (var part in decomposed)
                {
                    Place(part, inner, outer);
                }
                continue;
            }
            Place(option, inner, outer);
        }
        return true;
    }

    private static void Place(CoapOption option, List<CoapOption> inner, List<CoapOption> outer)
    {
        if (OscoreOptionClasses.GoesInner(option.Number))
        {
            inner.Add(option);
        }
        if (OscoreOptionClasses.GoesOuter(option.Number))
        {
            outer.Add(option);
        }
    }
}
