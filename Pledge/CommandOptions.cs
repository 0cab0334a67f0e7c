namespace Eals.Pledge;

/// <summary>The <c>--name value</c> options of a pledge command, each one of the names it knows; the last one given wins.</summary>
public static class CommandOptions
{
    public static Dictionary<string, string> Parse(string[] args, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!names.Contains(args[i], StringComparer.Ordinal))
            {
                throw new ArgumentException($"unknown option {args[i]}");
            }
            values[args[i]] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        }
        return values;
    }
}
