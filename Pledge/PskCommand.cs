using System.Globalization;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;

namespace Eals.Pledge;

/// <summary>
/// The pre-shared key route's commands:
/// <c>Pledge enroll-psk --psk FILE [--serial S] [--id-context HEX] [--registrar URI] [--out DIR]</c> enrolls
/// with the key in FILE (its sequence-number ceiling kept in FILE.seq) and writes ldevid.pem and
/// ldevid.key to DIR (default: FILE's folder); <c>Pledge psk-mint --count N [--prefix P] [--out DIR]</c>
/// mints N random keys: DIR/psk-import.jsonl for the operator (psk-import-1.jsonl, ... above 10,000 keys, the
/// API's batch limit), DIR/pledges/&lt;serial&gt;/psk.json per pledge.
/// </summary>
public static class PskCommand
{
    public const string EnrollUsage = "Pledge enroll-psk --psk FILE [--serial S] [--id-context HEX] [--registrar coap://127.0.0.1:5683] [--out DIR]";
    public const string MintUsage = "Pledge psk-mint --count N [--prefix EALS-PSK-] [--out DIR]";

    public static async Task<int> EnrollAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? pskPath = null, serial = null, idContext = null, outFolder = null;
        var registrar = new Uri("coap://127.0.0.1:5683");
        PskKeyFile key;
        FileSequenceNumberStore sequence;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--psk": pskPath = Next(); break;
                    case "--serial": serial = Next(); break;
                    case "--id-context": idContext = Next(); break;
                    case "--registrar": registrar = FleetCommand.Registrar(Next()); break;
                    case "--out": outFolder = Next(); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            if (pskPath is null)
            {
                throw new ArgumentException("--psk is required");
            }
            key = PskKeyFile.Read(pskPath, serial, idContext);
            sequence = FileSequenceNumberStore.Open(pskPath + ".seq");
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            error.WriteLine($"enroll-psk: {exception.Message}");
            error.WriteLine($"usage: {EnrollUsage}");
            return 2;
        }

        await using var connection = await RegistrarConnection.OpenAsync(registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { OnStep = step => error.WriteLine($"enroll-psk: {step}") };
        var result = await new PskEnroller(channel, key, sequence, SystemRandomSource.Instance).EnrollAsync();
        return EnrollmentOutcome.Report("enroll-psk", result, outFolder ?? Path.GetDirectoryName(Path.GetFullPath(pskPath))!, output, error);
    }

    public static int Mint(string[] args, TextWriter output, TextWriter error)
    {
        int count = 0;
        string prefix = "EALS-PSK-", outFolder = ".";
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--count": count = int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture); break;
                    case "--prefix": prefix = Next(); break;
                    case "--out": outFolder = Next(); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            if (count is < 1 or > 100_000)
            {
                throw new ArgumentException("--count must be 1 to 100000");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            error.WriteLine($"psk-mint: {exception.Message}");
            error.WriteLine($"usage: {MintUsage}");
            return 2;
        }
        // Distinct serials: two alike would share an ID context, and the API refuses a batch that repeats one.
        var serials = new HashSet<string>(StringComparer.Ordinal);
        while (serials.Count < count)
        {
            serials.Add(prefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)));
        }
        var batch = PskBatch.Mint(serials);
        Directory.CreateDirectory(outFolder);
        batch.WritePledgeFiles(outFolder);
        var importPaths = batch.WriteImportFiles(outFolder);
        output.WriteLine($"minted {count} keys: import {string.Join(", ", importPaths)} (POST /api/psk/batch, one file a request), then delete {(importPaths.Count == 1 ? "it" : "them")}; per-pledge keys in {Path.Combine(outFolder, "pledges")}/<serial>/psk.json");
        return 0;
    }
}
