using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Eals.Protocol.Coap;

namespace Eals.Grains.Enrollment;

/// <summary>
/// Inner responses whose plaintext must not outlive their protection: /skg's carries a server-generated
/// private key. The security context wipes the payload and OSCORE's plaintext buffer once the response is
/// encrypted, so the key exists in the clear only while it is being sent.
/// </summary>
public static class SensitiveResponses
{
    private static readonly ConditionalWeakTable<CoapMessage, byte[]> Marked = new();

    /// <summary>Marks <paramref name="response"/>, whose payload is <paramref name="payload"/>, for wiping.</summary>
    public static void Mark(CoapMessage response, byte[] payload) => Marked.AddOrUpdate(response, payload);

    public static bool IsMarked(CoapMessage response) => Marked.TryGetValue(response, out _);

    /// <summary>Wipes a marked response's payload and the plaintext OSCORE encrypted from it; unmarked responses are left alone.</summary>
    public static void WipeAfterProtection(CoapMessage response, byte[]? plaintext)
    {
        if (!Marked.TryGetValue(response, out var payload))
        {
            return;
        }
        Marked.Remove(response);
        CryptographicOperations.ZeroMemory(payload);
        if (plaintext is not null)
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
