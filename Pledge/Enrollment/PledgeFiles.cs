using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

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
        WriteSecret(Path.Combine(folder, "ldevid.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public static void WriteIdevid(string folder, X509Certificate2 certificate, ECDsa key)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "idevid.pem"), certificate.ExportCertificatePem() + "\n");
        WriteSecret(Path.Combine(folder, "idevid.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>Writes a secret owner-only, replacing an earlier run's file: the pledge's folder is its own.</summary>
    public static void WriteSecret(string path, string content)
    {
        File.Delete(path);
        OwnerOnlyFiles.CreateNew(path, System.Text.Encoding.ASCII.GetBytes(content), OwnerOnlyFiles.Secret);
    }
}
