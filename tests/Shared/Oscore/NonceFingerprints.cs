namespace Eals.Tests.Shared;

/// <summary>
/// The fault tests' check on OSCORE nonce logs (<c>--nonce-log</c> of a fleet, <c>Diagnostics:OscoreNonceLog</c> of a
/// silo): one fingerprint (SHA-256 of key ‖ nonce) per line, per encryption; a line found twice, in one file or
/// across files, is a (key, nonce) pair used twice.
/// </summary>
public static class NonceFingerprints
{
    /// <summary>Every fingerprint line of the files matching <paramref name="pattern"/> in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Read(string folder, string pattern) =>
        [.. Directory.GetFiles(folder, pattern).SelectMany(File.ReadLines).Where(line => line.Length > 0)];

    /// <summary>Every fingerprint line of <paramref name="file"/>.</summary>
    public static IReadOnlyList<string> Read(string file) => [.. File.ReadLines(file).Where(line => line.Length > 0)];

    /// <summary>Where <paramref name="fingerprint"/> occurs in the logs of <paramref name="folder"/> (file:line), for failure messages.</summary>
    public static string Where(string folder, string fingerprint) =>
        string.Join(", ", Directory.GetFiles(folder).Order(StringComparer.Ordinal).SelectMany(file => File.ReadLines(file)
            .Select((line, i) => (line, i)).Where(x => x.line == fingerprint).Select(x => $"{Path.GetFileName(file)}:{x.i + 1}")));

    /// <summary>The fingerprints that occur more than once among all of <paramref name="logs"/> together.</summary>
    public static IReadOnlyList<string> Reused(params IEnumerable<string>[] logs) =>
        [.. logs.SelectMany(log => log).GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)];
}
