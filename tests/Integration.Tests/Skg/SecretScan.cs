using System.Text;

namespace Eals.Integration.Tests.Skg;

/// <summary>
/// Looks for secret bytes in files and text: raw, as hex (either case) and as base64 at each of the three
/// alignments a longer base64 blob could hold them in.
/// </summary>
internal static class SecretScan
{
    public static IEnumerable<string> Forms(byte[] secret)
    {
        yield return Convert.ToHexString(secret);
        yield return Convert.ToHexStringLower(secret);
        for (int shift = 0; shift < 3; shift++)
        {
            int usable = (secret.Length - shift) / 3 * 3;
            yield return Convert.ToBase64String(secret, shift, usable);
        }
    }

    /// <summary>The files under <paramref name="folder"/> that hold <paramref name="secret"/> in any form.</summary>
    public static List<string> FilesHolding(string folder, byte[] secret)
    {
        var textForms = Forms(secret).Select(Encoding.ASCII.GetBytes).ToList();
        var found = new List<string>();
        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            using (var stream = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                content = copy.ToArray();
            }
            if (content.AsSpan().IndexOf(secret) >= 0 || textForms.Any(form => content.AsSpan().IndexOf(form) >= 0))
            {
                found.Add(path);
            }
        }
        return found;
    }

    public static bool TextHolds(string text, byte[] secret) =>
        text.AsSpan().IndexOf(Encoding.Latin1.GetString(secret)) >= 0 || Forms(secret).Any(form => text.Contains(form, StringComparison.Ordinal));
}
