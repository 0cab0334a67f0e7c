using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;

namespace Eals.Pledge;

/// <summary>
/// <c>Pledge enroll-ace --token FILE --client-key FILE --masa MANUFACTURER-CA.pem --serial S [--registrar URI] [--out DIR]</c>:
/// enrollment on the ACE route with the access token and client key the manufacturer installed (files holding the
/// base64url text <c>POST /ace/tokens</c> returns, or the raw bytes); writes <c>ldevid.pem</c> and <c>ldevid.key</c>
/// to DIR (default: the current folder). Exit code 0 when enrolled.
/// </summary>
public static class AceEnrollCommand
{
    public const string Usage = "usage: Pledge enroll-ace --token FILE --client-key FILE --masa MANUFACTURER-CA.pem --serial S [--registrar coap://127.0.0.1:5683] [--out DIR]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? tokenPath = null, keyPath = null, masaPath = null, serial = null, outFolder = ".";
        var registrar = new Uri("coap://127.0.0.1:5683");
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--token": tokenPath = Next(); break;
                    case "--client-key": keyPath = Next(); break;
                    case "--masa": masaPath = Next(); break;
                    case "--serial": serial = Next(); break;
                    case "--registrar": registrar = FleetCommand.Registrar(Next()); break;
                    case "--out": outFolder = Next(); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            if (tokenPath is null || keyPath is null || masaPath is null || serial is null)
            {
                throw new ArgumentException("--token, --client-key, --masa and --serial are required");
            }
        }
        catch (ArgumentException exception)
        {
            error.WriteLine($"enroll-ace: {exception.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        AceCredentials credentials;
        try
        {
            byte[] clientKey = ReadBinary(keyPath);
            if (clientKey.Length != 16)
            {
                throw new ArgumentException("the client key must be 16 bytes (AES-CCM-16-64-128)");
            }
            credentials = new AceCredentials(serial, ReadBinary(tokenPath), clientKey, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(masaPath)));
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            error.WriteLine($"enroll-ace: cannot load the credentials: {exception.Message}");
            return 2;
        }

        await using var connection = await RegistrarConnection.OpenAsync(registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { OnStep = step => error.WriteLine($"enroll-ace: {step}") };
        return EnrollmentOutcome.Report("enroll-ace", await new AceEnroller(channel, credentials, SystemRandomSource.Instance).EnrollAsync(), outFolder, output, error);
    }

    /// <summary>A file's bytes: base64url (or base64) text when it is that, otherwise the raw content.</summary>
    public static byte[] ReadBinary(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        string text = Encoding.ASCII.GetString(raw).Trim();
        if (text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '/' or '='))
        {
            try
            {
                return Convert.FromBase64String(ToBase64(text.Replace('-', '+').Replace('_', '/').TrimEnd('=')));
            }
            catch (FormatException)
            {
                // Not base64 after all: the raw bytes.
            }
        }
        return raw;
    }

    private static string ToBase64(string unpadded) => unpadded.PadRight(unpadded.Length + ((4 - unpadded.Length % 4) % 4), '=');
}
