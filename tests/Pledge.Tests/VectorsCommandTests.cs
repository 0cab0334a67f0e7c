using System.Text.Json.Nodes;
using Eals.Pledge.Vectors;

namespace Eals.Pledge.Tests;

/// <summary>
/// `Pledge vectors FILE...` on the RFC 8613 / RFC 9529 known-answer files: every vector of every file
/// in `../shared/vectors/` (and the project's copy of them) passes, and a single changed value is caught
/// and named.
/// </summary>
public sealed class VectorsCommandTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string ProjectVectors = Path.Combine(RepositoryRoot, "tests", "vectors");
    private static readonly string SharedVectors = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "vectors"));

    private static (int Exit, string[] Lines, string Error) Run(params string[] paths)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = VectorsCommand.Run(paths, output, error);
        return (exit, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    public static TheoryData<string> VectorDirectories()
    {
        var data = new TheoryData<string> { ProjectVectors };
        if (Directory.Exists(SharedVectors))
        {
            data.Add(SharedVectors);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorDirectories))]
    public void Every_vector_of_every_file_passes(string directory)
    {
        var (exit, lines, _) = Run(directory);

        var failures = lines.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        int passes = lines.Count(l => l.StartsWith("PASS ", StringComparison.Ordinal));
        Assert.Equal($"{passes} passed, 0 failed", lines[^1]);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void The_project_copy_covers_all_rfc_vectors()
    {
        var (_, lines, _) = Run(ProjectVectors);

        // 6 key derivations + 5 protected messages (RFC 8613 C.1-C.8), 2 traces (RFC 9529 sections 2, 3),
        // 15 invalid and 4 valid messages (RFC 9529 section 4); a runner may report sub-steps separately.
        foreach (string id in new[] { "rfc8613-C.1.1", "rfc8613-C.4", "rfc8613-C.8", "rfc9529-section-2", "rfc9529-section-3", "rfc9529-4.1.1", "rfc9529-4.3.2" })
        {
            Assert.Contains(lines, l => l.StartsWith($"PASS {id}", StringComparison.Ordinal));
        }
        Assert.True(lines.Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)) >= 32);
    }

    [Theory]
    [InlineData("oscore-rfc8613.json", "message_protection", "rfc8613-C.4", "ciphertext")]
    [InlineData("oscore-rfc8613.json", "key_derivation", "rfc8613-C.3.1", "common_iv")]
    [InlineData("edhoc-rfc9529.json", "traces", "rfc9529-section-2", "th_3")]
    [InlineData("edhoc-rfc9529.json", "traces", "rfc9529-section-3", "prk_out")]
    public void A_changed_value_fails_that_vector_naming_the_value(string file, string array, string id, string field)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectVectors, file)))!;
        var vector = root[array]!.AsArray().Single(v => (string?)v!["id"] == id)!;
        var holder = vector["outputs"]?[field] is not null ? vector["outputs"]! : vector["values"]!;
        string hex = (string)holder[field]!;
        holder[field] = (hex[0] == '0' ? "1" : "0") + hex[1..];
        string path = WriteTemporary(root.ToJsonString());

        var (exit, lines, _) = Run(path);

        Assert.NotEqual(0, exit);
        Assert.Contains(lines, l => l.StartsWith($"FAIL {id}", StringComparison.Ordinal) && l.Contains(field, StringComparison.Ordinal));
        Assert.Matches(@"^\d+ passed, [1-9]\d* failed$", lines[^1]);
    }

    [Fact]
    public void A_valid_message_in_the_invalid_list_fails()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(ProjectVectors, "edhoc-rfc9529-invalid.json")))!;
        var valid = root["valid_references"]!.AsArray()[0]!;
        var impostor = root["invalid_messages"]!.AsArray()[0]!;
        impostor["message"] = (string)valid["message"]!;
        impostor["message_type"] = (string)valid["message_type"]!;
        impostor["parse_context"] = valid["parse_context"]!.DeepClone();
        string path = WriteTemporary(root.ToJsonString());

        var (exit, lines, _) = Run(path);

        Assert.NotEqual(0, exit);
        Assert.Contains(lines, l => l.StartsWith($"FAIL {(string)impostor["id"]!}", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_format_and_unreadable_files_fail()
    {
        string unknown = WriteTemporary("""{"format": "something-else/9"}""");
        string broken = WriteTemporary("{ not json");

        var (exit, lines, _) = Run(unknown, broken, Path.Combine(Path.GetTempPath(), "no-such-vectors.json"));

        Assert.Equal(1, exit);
        Assert.Equal("0 passed, 3 failed", lines[^1]);
        Assert.Contains(lines, l => l.Contains("unknown format 'something-else/9'", StringComparison.Ordinal));
    }

    [Fact]
    public void No_files_prints_usage()
    {
        var (exit, _, error) = Run();

        Assert.Equal(2, exit);
        Assert.Contains("usage", error, StringComparison.Ordinal);
    }

    private static string WriteTemporary(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"eals-vectors-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
