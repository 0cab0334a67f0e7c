namespace Eals.Protocol.Tests.Pki;

internal static class TextAssert
{
    /// <summary>Asserts that every one of <paramref name="parts"/> occurs in <paramref name="text"/> (openssl's printouts).</summary>
    public static void ContainsAll(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
