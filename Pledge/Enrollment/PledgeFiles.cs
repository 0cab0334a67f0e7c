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

    /// <summary>
    /// The LDevID and its key. <paramref name="durable"/> (the enroll command) writes the key through a synced
    /// temporary file linked into place; the fleet simulator passes false: the key file is still created
    /// owner-only, but neither synced nor staged (thousands of fsyncs were a large share of its CPU).
    /// </summary>
    public static void WriteLdevid(string folder, X509Certificate2 certificate, ECDsa key, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Write(folder, "ldevid", certificate.RawData, key, durable);
    }

    public static void WriteIdevid(string folder, X509Certificate2 certificate, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Write(folder, "idevid", certificate.RawData, key, durable: true);
    }

    /// <summary>The IDevID from its DER (no certificate object needed), as <see cref="WriteLdevid"/> with <paramref name="durable"/>.</summary>
    public static void WriteIdevid(string folder, byte[] certificateDer, ECDsa key, bool durable)
        => Write(folder, "idevid", certificateDer, key, durable);

    private static void Write(string folder, string name, byte[] certificateDer, ECDsa key, bool durable)
    {
        ArgumentNullException.ThrowIfNull(key);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{name}.pem"), PemEncoding.WriteString("CERTIFICATE", certificateDer) + "\n");
        string path = Path.Combine(folder, $"{name}.key");
        string pem = key.ExportPkcs8PrivateKeyPem() + "\n";
        if (durable)
        {
            WriteSecret(path, pem);
        }
        else
        {
            WriteSecretQuickly(path, pem);
        }
    }

    /// <summary>Writes a secret owner-only, replacing an earlier run's file: the pledge's folder is its own.</summary>
    public static void WriteSecret(string path, string content)
    {
        File.Delete(path);
        OwnerOnlyFiles.CreateNew(path, System.Text.Encoding.ASCII.GetBytes(content), OwnerOnlyFiles.Secret);
    }

    // Created owner-only by open(2) itself (never readable by others, not even empty), written, not synced.
    private static void WriteSecretQuickly(string path, string content)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFiles.Secret;
        }
        using var stream = new FileStream(path, options);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(content));
    }
}
