using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Dashboard.Api;

namespace Eals.Dashboard.Tests;

/// <summary>The batch file's limit counts keys: a file of the most keys allowed, ending with a newline as files do, is one batch.</summary>
public sealed class PskImportLinesTests
{
    private static string Batch(int keys) => string.Concat(Enumerable.Range(0, keys).Select(i =>
        JsonSerializer.Serialize(new { serial = $"EALS-PSK-LIMIT-{i:D5}", masterSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) }) + "\n"));

    [Fact]
    public void A_file_of_the_most_keys_allowed_with_its_final_newline_and_blank_lines_is_one_batch()
    {
        var (imports, problem) = PskImportLines.Parse("\n" + Batch(PskImportLines.MaxLines) + "\n\n", "admin");

        Assert.Null(problem);
        Assert.Equal(PskImportLines.MaxLines, imports.Count);
    }

    [Fact]
    public void One_key_more_is_refused_naming_the_line()
    {
        var (imports, problem) = PskImportLines.Parse(Batch(PskImportLines.MaxLines + 1), "admin");

        Assert.Empty(imports);
        Assert.Equal($"line {PskImportLines.MaxLines + 1}: at most {PskImportLines.MaxLines} keys in one batch", problem);
    }
}
