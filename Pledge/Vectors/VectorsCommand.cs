using System.Text.Json;

namespace Eals.Pledge.Vectors;

/// <summary>
/// <c>Pledge vectors FILE...</c>: runs every vector of every file, dispatching on each file's
/// <c>"format"</c>, prints one PASS/FAIL line per vector and a final <c>N passed, M failed</c> line.
/// A file that cannot be read, or has an unknown format, counts as one failure.
/// </summary>
public static class VectorsCommand
{
    public static IReadOnlyList<IVectorFileRunner> Runners { get; } =
    [
        new OscoreVectorRunner(),
        new EdhocTraceVectorRunner(),
        new EdhocInvalidVectorRunner(),
    ];

    public static int Run(string[] paths, TextWriter output, TextWriter error)
    {
        if (paths.Length == 0)
        {
            error.WriteLine("usage: Pledge vectors FILE... (JSON known-answer files; a directory means every *.json in it)");
            return 2;
        }
        int passed = 0, failed = 0;
        foreach (string path in Expand(paths))
        {
            foreach (var result in RunFile(path))
            {
                if (result.Passed)
                {
                    passed++;
                    output.WriteLine($"PASS {result.Id}");
                }
                else
                {
                    failed++;
                    output.WriteLine($"FAIL {result.Id}: {result.FirstDifference}");
                }
            }
        }
        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static IEnumerable<string> Expand(string[] paths) =>
        paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.json").Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]);

    private static IEnumerable<VectorResult> RunFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return [new VectorResult(path, $"cannot read: {e.Message}")];
        }
        using (document)
        {
            var root = document.RootElement;
            string? format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) ? f.GetString() : null;
            var runner = Runners.FirstOrDefault(r => r.Format == format);
            if (runner is null)
            {
                return [new VectorResult(path, $"unknown format '{format}'")];
            }
            // Materialise before the document is disposed; a runner failing outside a vector fails the file.
            try
            {
                return runner.Run(root).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                return [new VectorResult(path, $"malformed {format} file: {e.Message}")];
            }
        }
    }
}
