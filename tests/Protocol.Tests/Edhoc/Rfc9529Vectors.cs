using System.Text.Json;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>The in-repository copy of the RFC 9529 vectors (tests/vectors).</summary>
internal static class Rfc9529Vectors
{
    private static readonly Lazy<JsonDocument> Traces = new(() => Load("edhoc-rfc9529.json"));
    private static readonly Lazy<JsonDocument> Invalid = new(() => Load("edhoc-rfc9529-invalid.json"));

    public static JsonElement Trace(int section) => Traces.Value.RootElement.GetProperty("traces")[section == 2 ? 0 : 1];

    public static JsonElement Values(int section) => Trace(section).GetProperty("values");

    public static byte[] Hex(int section, string name) => Convert.FromHexString(Values(section).GetProperty(name).GetString()!);

    public static IEnumerable<JsonElement> InvalidMessages => Invalid.Value.RootElement.GetProperty("invalid_messages").EnumerateArray();

    public static IEnumerable<JsonElement> ValidReferences => Invalid.Value.RootElement.GetProperty("valid_references").EnumerateArray();

    private static JsonDocument Load(string file)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "vectors", file);
            if (File.Exists(candidate))
            {
                return JsonDocument.Parse(File.ReadAllBytes(candidate));
            }
        }
        throw new FileNotFoundException($"tests/vectors/{file} not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>Keeps the values one side reports.</summary>
internal sealed class RecordingObserver : IEdhocTraceObserver
{
    public Dictionary<string, byte[]> Values { get; } = [];

    public void Record(string name, ReadOnlySpan<byte> value) => Values[name] = value.ToArray();
}

/// <summary>Replays fixed "random" bytes.</summary>
internal sealed class FixedRandomSource(byte[] bytes) : Eals.Protocol.Crypto.IRandomSource
{
    private int _offset;

    public void Fill(Span<byte> destination)
    {
        bytes.AsSpan(_offset, destination.Length).CopyTo(destination);
        _offset += destination.Length;
    }
}
