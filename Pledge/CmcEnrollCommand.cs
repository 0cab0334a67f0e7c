using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;

namespace Eals.Pledge;

/// <summary>
/// <c>Pledge enroll-cmc (--idevid CERT.pem --key KEY.pem | --ra-cert RA.pem --ra-key RA.key --serial SERIAL)
/// --trust DOMAIN-CA.pem [--registrar URI] [--out DIR]</c>: full CMC enrollment, the Full PKI Request signed
/// with the IDevID, or by a registration authority for the pledge named SERIAL. Writes <c>ldevid.pem</c>
/// and <c>ldevid.key</c> (a new key) to DIR. Exit code 0 when enrolled.
/// </summary>
public static class CmcEnrollCommand
{
    public const string Usage = "usage: Pledge enroll-cmc (--idevid CERT.pem --key KEY.pem | --ra-cert RA.pem --ra-key RA.key --serial SERIAL) --trust DOMAIN-CA.pem [--registrar coap://127.0.0.1:5683] [--out DIR]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? idevidPath, keyPath, raCertPath, raKeyPath, serial, trustPath;
        string outFolder;
        Uri registrar;
        try
        {
            var options = CommandOptions.Parse(args, "--idevid", "--key", "--ra-cert", "--ra-key", "--serial", "--trust", "--registrar", "--out");
            idevidPath = options.GetValueOrDefault("--idevid");
            keyPath = options.GetValueOrDefault("--key");
            raCertPath = options.GetValueOrDefault("--ra-cert");
            raKeyPath = options.GetValueOrDefault("--ra-key");
            serial = options.GetValueOrDefault("--serial");
            trustPath = options.GetValueOrDefault("--trust");
            outFolder = options.GetValueOrDefault("--out", ".");
            registrar = FleetCommand.Registrar(options.GetValueOrDefault("--registrar", "coap://127.0.0.1:5683"));
            bool byIdevid = idevidPath is not null && keyPath is not null && raCertPath is null && raKeyPath is null;
            bool byAuthority = raCertPath is not null && raKeyPath is not null && serial is not null && idevidPath is null && keyPath is null;
            if (trustPath is null || byIdevid == byAuthority)
            {
                throw new ArgumentException("--trust and either --idevid with --key, or --ra-cert, --ra-key and --serial are required");
            }
        }
        catch (ArgumentException exception)
        {
            error.WriteLine($"enroll-cmc: {exception.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        CmcSigner signer;
        X509Certificate2 trust;
        try
        {
            var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(idevidPath ?? raCertPath!));
            var signingKey = ECDsa.Create();
            signingKey.ImportFromPem(await File.ReadAllTextAsync(keyPath ?? raKeyPath!));
            trust = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(trustPath!));
            serial ??= AuthenticatedIdentity.FromCertificate(certificate).SerialNumber;
            signer = new CmcSigner(certificate, signingKey, []);
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException or PkiException)
        {
            error.WriteLine($"enroll-cmc: cannot load the credentials: {exception.Message}");
            return 2;
        }

        await using var connection = await RegistrarConnection.OpenAsync(registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { OnStep = step => error.WriteLine($"enroll-cmc: {step}") };
        var result = await new CmcEnroller(channel, SystemRandomSource.Instance, TimeProvider.System).EnrollAsync(serial, signer, trust);
        return EnrollmentOutcome.Report("enroll-cmc", result, outFolder, output, error);
    }
}
