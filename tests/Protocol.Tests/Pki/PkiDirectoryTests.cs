using System.Runtime.Versioning;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Tests.Pki;

/// <summary>The file-backed PKI store: created once with private modes, then reused byte for byte.</summary>
[UnsupportedOSPlatform("windows")] // file modes are the point of these tests
public sealed class PkiDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly TempFolder _folder = new();

    private string[] AllFiles => ["ca/ca.pem", "ca/ca.key", "registrar/registrar.pem", "registrar/registrar.key", "manufacturer/ca.pem", "manufacturer/ca.key"];

    [Fact]
    public void First_use_creates_every_file_with_private_keys_readable_only_by_the_owner()
    {
        using (PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(_folder.Path), Now, new SeededRandom(1)))
        {
        }

        foreach (var name in AllFiles)
        {
            Assert.True(File.Exists(_folder.File(name)), $"{name} was not created");
        }

        foreach (var key in new[] { "ca/ca.key", "registrar/registrar.key", "manufacturer/ca.key" })
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_folder.File(key)));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_folder.File(key)), StringComparison.Ordinal);
            OpenSsl.Succeed("pkey", "-in", _folder.File(key), "-noout");
        }

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(_folder.File("ca")) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp", SearchOption.AllDirectories));
        OpenSsl.Verify(File.ReadAllText(_folder.File("ca/ca.pem")), File.ReadAllText(_folder.File("registrar/registrar.pem")), _folder);
        OpenSsl.Verify(File.ReadAllText(_folder.File("manufacturer/ca.pem")), File.ReadAllText(_folder.File("manufacturer/ca.pem")), _folder);
    }

    [Fact]
    public void Later_uses_load_the_same_files_byte_for_byte()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path);
        string firstCa;
        using (var first = PkiDirectory.Open(options, Now, new SeededRandom(1)))
        {
            firstCa = first.DomainCa.Certificate.Thumbprint;
        }

        var before = AllFiles.ToDictionary(name => name, name => File.ReadAllBytes(_folder.File(name)));
        var times = AllFiles.ToDictionary(name => name, name => File.GetLastWriteTimeUtc(_folder.File(name)));

        using var second = PkiDirectory.Open(options, Now.AddDays(1), new SeededRandom(2));

        foreach (var name in AllFiles)
        {
            Assert.Equal(before[name], File.ReadAllBytes(_folder.File(name)));
            Assert.Equal(times[name], File.GetLastWriteTimeUtc(_folder.File(name)));
        }

        Assert.Equal(firstCa, second.DomainCa.Certificate.Thumbprint);
        Assert.True(second.DomainCa.HasIssued(second.Registrar.Certificate));
        // The loaded CA still issues certificates that verify against the stored ca.pem.
        using var idevid = new IdevidMinter(second.ManufacturerCa).Mint("STORE-1", Now, new SeededRandom(3));
        OpenSsl.Verify(File.ReadAllText(_folder.File("manufacturer/ca.pem")), idevid.CertificatePem(), _folder);
    }

    [Fact]
    public void Explicit_paths_are_used_as_given()
    {
        var paths = new PkiPaths(
            _folder.File("d.pem"), _folder.File("d.key"), _folder.File("r.pem"), _folder.File("r.key"), _folder.File("m.pem"), _folder.File("m.key"));

        using var material = PkiDirectory.Open(new PkiDirectoryOptions(paths) { DomainCaName = "Explicit CA" }, Now, new SeededRandom(4));

        Assert.Equal("CN=Explicit CA", material.DomainCa.Name.Name);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(paths.RegistrarKey));
        Assert.True(File.Exists(paths.ManufacturerCaCertificate));
    }

    [Fact]
    public void Missing_files_are_refused_when_creation_is_not_allowed()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path) with { CreateMissing = false };

        Assert.Equal(PkiError.StoreIncomplete, Assert.Throws<PkiException>(() => PkiDirectory.Open(options, Now, new SeededRandom(5))).Error);
        Assert.False(File.Exists(_folder.File("ca/ca.key")));
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused_rather_than_replaced()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path);
        PkiDirectory.Open(options, Now, new SeededRandom(6)).Dispose();
        File.Delete(_folder.File("registrar/registrar.key"));
        var certificate = File.ReadAllBytes(_folder.File("registrar/registrar.pem"));

        var refusal = Assert.Throws<PkiException>(() => PkiDirectory.Open(options, Now, new SeededRandom(7)));

        Assert.Equal(PkiError.StoreIncomplete, refusal.Error);
        Assert.Equal(certificate, File.ReadAllBytes(_folder.File("registrar/registrar.pem")));
    }

    [Fact]
    public void A_corrupt_key_file_is_malformed_and_its_content_is_not_in_the_message()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path);
        PkiDirectory.Open(options, Now, new SeededRandom(8)).Dispose();
        var keyText = File.ReadAllText(_folder.File("ca/ca.key"));
        var body = keyText.Split('\n')[1];
        // Damage the key so it no longer parses, keeping most of its base64 in place.
        File.WriteAllText(_folder.File("ca/ca.key"), keyText.Replace(body, body[..20] + "!!!!" + body[24..], StringComparison.Ordinal));

        var refusal = Assert.Throws<PkiException>(() => PkiDirectory.Open(options, Now, new SeededRandom(9)));

        Assert.Equal(PkiError.Malformed, refusal.Error);
        Assert.DoesNotContain(body[..20], refusal.ToString(), StringComparison.Ordinal);
        Assert.Null(refusal.InnerException);
    }

    [Fact]
    public void A_key_that_belongs_to_another_certificate_is_refused()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path);
        PkiDirectory.Open(options, Now, new SeededRandom(10)).Dispose();
        File.Delete(_folder.File("ca/ca.key"));
        File.Copy(_folder.File("manufacturer/ca.key"), _folder.File("ca/ca.key"));

        Assert.Equal(PkiError.KeyDoesNotMatchCertificate, Assert.Throws<PkiException>(() => PkiDirectory.Open(options, Now, new SeededRandom(11))).Error);
    }

    [Fact]
    public void A_registrar_from_another_ca_is_refused()
    {
        var options = PkiDirectoryOptions.UnderDataFolder(_folder.Path);
        PkiDirectory.Open(options, Now, new SeededRandom(12)).Dispose();
        File.Delete(_folder.File("ca/ca.pem"));
        File.Delete(_folder.File("ca/ca.key"));

        // A new domain CA is created, but the stored registrar credential is the old CA's.
        Assert.Equal(PkiError.NotIssuedByThisCa, Assert.Throws<PkiException>(() => PkiDirectory.Open(options, Now, new SeededRandom(13))).Error);
    }

    [Fact]
    public void Nothing_printable_reveals_key_material()
    {
        using var material = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(_folder.Path), Now, new SeededRandom(14));
        var keyBase64 = File.ReadAllText(_folder.File("ca/ca.key")).Split('\n')[1];

        foreach (var text in new[] { material.ToString(), material.DomainCa.ToString(), material.Registrar.ToString(), material.ManufacturerCa.Identity.ToString() })
        {
            Assert.DoesNotContain(keyBase64[..16], text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _folder.Dispose();
}
