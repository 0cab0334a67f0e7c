using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Where the simulator and the enroll command leave a pledge's credentials: <c>pledges/&lt;serial&gt;/</c>
/// with <c>ldevid.pem</c> and its key <c>ldevid.key</c> (PKCS#8, owner-only), and the IDevID beside them.
/// </summary>
public static class PledgeFiles
{
    public static string FolderFor(string dataFolder, string serial) => Path.Combine(dataFolder, "pledges", serial);

    public static void WriteLdevid(string folder, X509Certificate2 certificate, ECDsa key)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ldevid.pem"), certificate.ExportCertificatePem() + "\n");
        WritePrivate(Path.Combine(folder, "ldevid.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public static void WriteIdevid(string folder, X509Certificate2 certificate, ECDsa key)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "idevid.pem"), certificate.ExportCertificatePem() + "\n");
        WritePrivate(Path.Combine(folder, "idevid.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(content);
    }
}
