using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>"--name value" pairs and "--flag" switches.</summary>
public sealed class CommandLine(string[] args)
{
    public string? Get(string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int GetInt(string name, int fallback) => Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => Array.IndexOf(args, name) >= 0;
}
