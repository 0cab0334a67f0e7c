using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// The one place the PKI touches the file system. First use creates the domain CA, the registrar credential
/// and the demo manufacturer CA; later uses load the same files. Private keys are PKCS#8 PEM files created
/// with mode 0600 from the start (no moment in which they are readable by group or others) and moved into
/// place only when complete. Paths appear in errors; file contents never do.
/// </summary>
public static class PkiDirectory
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static PkiMaterial Open(PkiDirectoryOptions options, DateTimeOffset now, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var paths = options.Paths;

        var domainCa = LoadOrCreateCa(options, paths.DomainCaCertificate, paths.DomainCaKey, options.DomainCaName, now + options.DomainCaLifetime, now, random);
        CertificateAuthority? manufacturerCa = null;
        try
        {
            var registrar = LoadOrCreate(
                options,
                paths.RegistrarCertificate,
                paths.RegistrarKey,
                () => domainCa.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly(options.RegistrarName), now, options.RegistrarLifetime, random));
            if (!domainCa.HasIssued(registrar.Certificate))
            {
                registrar.Dispose();
                throw new PkiException(PkiError.NotIssuedByThisCa, $"{paths.RegistrarCertificate} was not issued by the domain CA in {paths.DomainCaCertificate}.");
            }

            manufacturerCa = LoadOrCreateCa(options, paths.ManufacturerCaCertificate, paths.ManufacturerCaKey, options.ManufacturerCaName, Validity.NoWellDefinedExpiration, now, random);
            return new PkiMaterial(domainCa, registrar, manufacturerCa);
        }
        catch
        {
            domainCa.Dispose();
            manufacturerCa?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads, or on first use creates with <paramref name="create"/>, an end-entity credential issued by
    /// <paramref name="issuer"/> (the MASA's voucher-signing key under <c>manufacturer/</c>), by the same file rules
    /// as the CA files: key 0600 written first, both files or neither. A stored certificate that <paramref name="issuer"/>
    /// did not sign is refused.
    /// </summary>
    public static CertifiedKey LoadOrCreateIssued(PkiDirectoryOptions options, CertificateAuthority issuer, string certificatePath, string keyPath, Func<CertifiedKey> create)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(create);
        var credential = LoadOrCreate(options, certificatePath, keyPath, create);
        if (!issuer.HasIssued(credential.Certificate))
        {
            credential.Dispose();
            throw new PkiException(PkiError.NotIssuedByThisCa, $"{certificatePath} was not issued by {issuer.Name.Name}; delete it and {keyPath} to have a new credential issued.");
        }

        return credential;
    }

    private static CertificateAuthority LoadOrCreateCa(PkiDirectoryOptions options, string certificatePath, string keyPath, string name, DateTimeOffset notAfter, DateTimeOffset now, IRandomSource random)
    {
        var identity = LoadOrCreate(
            options,
            certificatePath,
            keyPath,
            () =>
            {
                var created = CertificateAuthority.CreateSelfSigned(DistinguishedNames.CommonNameOnly(name), now, notAfter, random);
                return created.Identity;
            });
        try
        {
            return new CertificateAuthority(identity);
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    private static CertifiedKey LoadOrCreate(PkiDirectoryOptions options, string certificatePath, string keyPath, Func<CertifiedKey> create)
    {
        bool haveCertificate = File.Exists(certificatePath);
        bool haveKey = File.Exists(keyPath);
        if (haveCertificate && haveKey)
        {
            return Load(certificatePath, keyPath);
        }

        if (haveCertificate || haveKey || !options.CreateMissing)
        {
            throw new PkiException(PkiError.StoreIncomplete, $"Expected both {certificatePath} and {keyPath}; found {(haveCertificate ? "only the certificate" : haveKey ? "only the key" : "neither, and creating them is not allowed")}.");
        }

        var identity = create();
        try
        {
            // Key first: a crash in between leaves a key without certificate, refused above, never a usable half.
            WriteNew(keyPath, identity.PrivateKeyPkcs8Pem(), PrivateFile);
            WriteNew(certificatePath, identity.CertificatePem(), PublicFile);
            return identity;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    private static CertifiedKey Load(string certificatePath, string keyPath)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Pem.Decode(File.ReadAllText(certificatePath), "CERTIFICATE"));
        }
        catch (CryptographicException)
        {
            throw new PkiException(PkiError.Malformed, $"{certificatePath} does not hold a well-formed certificate.");
        }

        var key = ECDsa.Create();
        try
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(keyPath));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // No inner exception: nothing derived from the key file's content leaves this method.
                throw new PkiException(PkiError.Malformed, $"{keyPath} does not hold a PKCS#8 EC private key.");
            }

            PublicKeys.RequireP256(certificate.PublicKey);
            if (!PublicKeys.SameKey(certificate, key))
            {
                throw new PkiException(PkiError.KeyDoesNotMatchCertificate, $"The key in {keyPath} does not belong to the certificate in {certificatePath}.");
            }

            return new CertifiedKey(certificate, key);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes a temporary file created with <paramref name="mode"/> by open(2) itself, syncs it, then links it
    /// into place without overwriting: readers see either no file or the whole file, never a readable key.
    /// </summary>
    private static void WriteNew(string path, string content, UnixFileMode mode) =>
        OwnerOnlyFiles.CreateNew(path, Encoding.ASCII.GetBytes(content), mode);
}
