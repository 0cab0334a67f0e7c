using System.Text.Json;

namespace Eals.Pledge.Vectors;

/// <summary>
/// Compares recomputed values with the ones a vector lists, in protocol order, and remembers the first
/// that differs. Values the vector does not list are skipped (files may list more or fewer fields).
/// </summary>
public sealed class VectorCheck(JsonElement values)
{
    public string? FirstDifference { get; private set; }

    public bool Failed => FirstDifference is not null;

    /// <summary>Checks <paramref name="actual"/> against the hex string in field <paramref name="name"/>, if listed.</summary>
    public void Bytes(string name, ReadOnlySpan<byte> actual)
    {
        if (Failed || !values.TryGetProperty(name, out var expected) || expected.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        string expectedHex = expected.GetString() ?? "";
        string actualHex = Convert.ToHexStringLower(actual);
        if (!string.Equals(expectedHex, actualHex, StringComparison.OrdinalIgnoreCase))
        {
            FirstDifference = $"{name}: expected {Abbreviate(expectedHex)}, got {Abbreviate(actualHex)}";
        }
    }

    /// <summary>Records a failure that is not a value comparison (an exception, a rejected message, a missing field).</summary>
    public void Fail(string reason)
    {
        FirstDifference ??= reason;
    }

    /// <summary>Checks a condition, naming it when it does not hold.</summary>
    public void That(bool condition, string description)
    {
        if (!condition)
        {
            Fail(description);
        }
    }

    private static string Abbreviate(string hex) => hex.Length <= 72 ? hex : $"{hex[..32]}...{hex[^32..]} ({hex.Length / 2} bytes)";
}
