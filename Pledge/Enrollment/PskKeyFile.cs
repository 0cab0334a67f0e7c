using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Protocol.Pki;
using Eals.Protocol.Psk;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// A pledge's pre-shared key as a file: one JSON object, the same as one line of the operator's import
/// file (<c>{"serial": "S", "idContext": "HEX", "masterSecret": "HEX"}</c>), or just the hex secret (then
/// the serial comes from the command line). Written owner-only.
/// </summary>
public sealed record PskKeyFile(string Serial, byte[] IdContext, byte[] MasterSecret)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON line (operator import format).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(new Line(Serial, Convert.ToHexStringLower(IdContext), Convert.ToHexStringLower(MasterSecret)), Json);

    /// <summary>A new random 128-bit key for <paramref name="serial"/>, its ID Context the serial's bytes.</summary>
    public static PskKeyFile Mint(string serial) => new(serial, CojpOscoreParameters.DefaultIdContext(serial), RandomNumberGenerator.GetBytes(CojpOscoreParameters.MinSecretLength));

    /// <summary>Reads a key file; <paramref name="serial"/> and <paramref name="idContext"/> (hex), when given, take precedence.</summary>
    public static PskKeyFile Read(string path, string? serial, string? idContext)
    {
        string text = File.ReadAllText(path).Trim();
        Line? line = text.StartsWith('{') ? JsonSerializer.Deserialize<Line>(text, Json) : new Line(null, null, text);
        string name = serial ?? line?.Serial ?? throw new ArgumentException("the key file names no serial: give --serial");
        byte[] secret = Convert.FromHexString(line?.MasterSecret ?? throw new ArgumentException("the key file holds no master secret"));
        byte[] context = idContext is not null ? Convert.FromHexString(idContext)
            : line.IdContext is not null ? Convert.FromHexString(line.IdContext) : CojpOscoreParameters.DefaultIdContext(name);
        if (CojpOscoreParameters.Problem(secret, context) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        return new PskKeyFile(name, context, secret);
    }

    public void Write(string path)
    {
        File.Delete(path);
        OwnerOnlyFiles.CreateNew(path, Encoding.UTF8.GetBytes(ToJsonLine() + "\n"), OwnerOnlyFiles.Secret);
    }

    // The master secret must never appear in logs or messages.
    public override string ToString() => $"PskKeyFile({Serial}, ID context {Convert.ToHexStringLower(IdContext)})";

    private sealed record Line(string? Serial, string? IdContext, string? MasterSecret);
}
