using Eals.Pledge.Enrollment;

namespace Eals.Pledge.Tests;

/// <summary>psk-mint's import files: one file up to the operator API's batch limit, then one file per batch, every key once.</summary>
public sealed class PskBatchTests
{
    [Theory]
    [InlineData(1, new[] { "psk-import.jsonl" })]
    [InlineData(PskBatch.MaxKeysPerImport, new[] { "psk-import.jsonl" })]
    [InlineData(PskBatch.MaxKeysPerImport + 1, new[] { "psk-import-1.jsonl", "psk-import-2.jsonl" })]
    public void Import_files_hold_every_key_once_and_no_more_than_one_batch_each(int count, string[] names)
    {
        string folder = Path.Combine(Path.GetTempPath(), "eals-psk-batch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var batch = PskBatch.Mint(Enumerable.Range(0, count).Select(i => $"EALS-PSK-B-{i:D6}"));

            var paths = batch.WriteImportFiles(folder);

            Assert.Equal(names, paths.Select(Path.GetFileName));
            var lines = paths.Select(p => File.ReadAllLines(p)).ToList();
            Assert.All(lines, l => Assert.InRange(l.Length, 1, PskBatch.MaxKeysPerImport));
            Assert.Equal(batch.Keys.Select(k => k.ToJsonLine()), lines.SelectMany(l => l));
            if (!OperatingSystem.IsWindows())
            {
                foreach (string path in paths)
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
