using System.Text.Json;
using Eals.Grains.Psk;
using Eals.Protocol.Psk;

namespace Eals.Dashboard.Api;

/// <summary>
/// Reads keys to import: one JSON object, or a batch file of JSON lines (one object a line, blank lines
/// ignored). Every problem names the line; a problem message never contains the secret.
/// </summary>
public static class PskImportLines
{
    /// <summary>Keys (non-blank lines) in one batch; a file may end with a newline or have blank lines besides.</summary>
    public const int MaxLines = 10_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The import, or why it cannot be one.</summary>
    public static (PskImport? Import, string? Problem) Convert(PskImportRequest request, string importedBy)
    {
        string? serial = request.Serial?.Trim();
        if (string.IsNullOrEmpty(serial) || serial.Length > 64 || serial.Any(char.IsControl))
        {
            return (null, "serial is required (1 to 64 printable characters)");
        }
        if (!TryHex(request.MasterSecret, out var secret))
        {
            return (null, "masterSecret must be hex");
        }
        byte[] idContext;
        if (request.IdContext is null)
        {
            idContext = CojpOscoreParameters.DefaultIdContext(serial);
        }
        else if (!TryHex(request.IdContext, out idContext))
        {
            return (null, "idContext must be hex");
        }
        if (CojpOscoreParameters.Problem(secret, idContext) is { } problem)
        {
            return (null, problem);
        }
        string subject = string.IsNullOrWhiteSpace(request.Subject) ? $"serialNumber={serial}" : request.Subject.Trim();
        return (new PskImport(serial, subject, idContext, secret, importedBy), null);
    }

    /// <summary>Every line of a batch, or the first problem (with its line number); nothing is stored here.</summary>
    public static (List<(int Line, PskImport Import)> Imports, string? Problem) Parse(string text, string importedBy)
    {
        var imports = new List<(int, PskImport)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            PskImportRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<PskImportRequest>(line, Json);
            }
            catch (JsonException)
            {
                return ([], $"line {number}: not a JSON object");
            }
            if (request is null)
            {
                return ([], $"line {number}: not a JSON object");
            }
            var (import, problem) = Convert(request, importedBy);
            if (import is null)
            {
                return ([], $"line {number}: {problem}");
            }
            string key = System.Convert.ToHexStringLower(import.IdContext);
            if (seen.TryGetValue(key, out int earlier))
            {
                return ([], $"line {number}: ID context {key} repeats line {earlier}");
            }
            seen[key] = number;
            if (imports.Count == MaxLines)
            {
                return ([], $"line {number}: at most {MaxLines} keys in one batch");
            }
            imports.Add((number, import));
        }
        return imports.Count == 0 ? ([], "the batch holds no key") : (imports, null);
    }

    private static bool TryHex(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length % 2 != 0)
        {
            return false;
        }
        try
        {
            bytes = System.Convert.FromHexString(text.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
