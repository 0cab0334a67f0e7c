namespace Eals.Protocol.Tests.Pki;

/// <summary>PKCS#10 requests made by openssl itself, so the parser is tested against an independent producer.</summary>
internal static class OpenSslRequests
{
    public const string P256 = "ec_paramgen_curve:P-256";
    public const string P384 = "ec_paramgen_curve:P-384";

    /// <summary>Generates a key (EC with <paramref name="curveOption"/>, or RSA 2048 when null) and returns its PEM path.</summary>
    public static string NewKey(TempFolder folder, string name, string? curveOption)
    {
        var path = folder.File(name);
        if (curveOption is null)
        {
            OpenSsl.Succeed("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path);
        }
        else
        {
            OpenSsl.Succeed("genpkey", "-algorithm", "EC", "-pkeyopt", curveOption, "-out", path);
        }

        return path;
    }

    /// <summary><c>openssl req -new -key … -subj … [-addext …]</c> as DER.</summary>
    public static byte[] Request(TempFolder folder, string keyPath, string subject, params string[] extensions)
    {
        var output = folder.File($"req-{Guid.NewGuid():N}.der");
        var arguments = new List<string> { "req", "-new", "-key", keyPath, "-subj", subject, "-outform", "DER", "-out", output };
        foreach (var extension in extensions)
        {
            arguments.Add("-addext");
            arguments.Add(extension);
        }

        OpenSsl.Succeed([.. arguments]);
        return File.ReadAllBytes(output);
    }
}
