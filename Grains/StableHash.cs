using System.Text;

namespace Eals.Grains;

/// <summary>FNV-1a over a string's UTF-8 bytes: the same on every silo and every run (string.GetHashCode is not), for shard choice.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }
}
