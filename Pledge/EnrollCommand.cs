using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Pledge;

/// <summary>
/// <c>Pledge enroll --idevid CERT.pem --key KEY.pem (--masa CA.pem | --trust CA.pem) [--registrar URI] [--out DIR]</c>: one
/// real device's enrollment with its own credentials; writes <c>ldevid.pem</c> and <c>ldevid.key</c> to
/// DIR (default: the current folder). Exit code 0 when enrolled.
/// </summary>
public static class EnrollCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? idevidPath = null, keyPath = null, trustPath = null, masaPath = null, outFolder = ".";
        bool serverKeyGeneration = false;
        var registrar = new Uri("coap://127.0.0.1:5683");
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--idevid": idevidPath = Next(); break;
                    case "--key": keyPath = Next(); break;
                    case "--trust": trustPath = Next(); break;
                    case "--masa": masaPath = Next(); break;
                    case "--registrar": registrar = FleetCommand.Registrar(Next()); break;
                    case "--out": outFolder = Next(); break;
                    case "--server-keygen": serverKeyGeneration = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            if (idevidPath is null || keyPath is null || (trustPath is null && masaPath is null))
            {
                throw new ArgumentException("--idevid, --key and --masa (zero-touch) or --trust (installed domain CA) are required");
            }
        }
        catch (ArgumentException exception)
        {
            error.WriteLine($"enroll: {exception.Message}");
            error.WriteLine("usage: Pledge enroll --idevid CERT.pem --key KEY.pem (--masa MANUFACTURER-CA.pem | --trust DOMAIN-CA.pem) [--registrar coap://127.0.0.1:5683] [--out DIR] [--server-keygen]");
            return 2;
        }

        PledgeCredentials credentials;
        try
        {
            var idevid = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(idevidPath));
            var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(keyPath));
            var trust = trustPath is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(trustPath));
            var masa = masaPath is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(masaPath));
            string serial = AuthenticatedIdentity.FromCertificate(idevid).SerialNumber;
            credentials = new PledgeCredentials(serial, idevid, key, trust, masa);
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException or PkiException)
        {
            error.WriteLine($"enroll: cannot load the credentials: {exception.Message}");
            return 2;
        }

        await using var connection = await RegistrarConnection.OpenAsync(registrar);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, credentials, SystemRandomSource.Instance)
        {
            OnStep = step => error.WriteLine($"enroll: {step}"),
            ServerKeyGeneration = serverKeyGeneration,
        };
        return EnrollmentOutcome.Report("enroll", await enroller.EnrollAsync(), outFolder, output, error);
    }
}
