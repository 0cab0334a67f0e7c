using System.Globalization;
using Eals.Pledge.Enrollment;

namespace Eals.Pledge;

/// <summary>
/// <c>Pledge fleet --count N [--route edhoc|cmc|ace|psk] [--registrar coap://127.0.0.1:5683]... [--spread datagram|pledge] [--data DIR]
/// [--concurrency C] [--loss P] [--nonce-log FILE]</c>: a simulated fleet enrolling through the registrar over one
/// route (several <c>--registrar</c>: gateways of one registrar, each request to one of them at random, or with
/// <c>--spread pledge</c> each pledge's requests to one of them), with a
/// progress bar, a summary line <c>enrolled: X, failed: Y over ROUTE</c>, the simulator's own CPU per pledge on the next and the
/// enrollment times (p50, p99) on the third. <c>--serial-prefix</c> keeps the serials of separate runs apart;
/// <c>--no-credential-files</c> leaves the enrolled pledges' IDevIDs and LDevIDs unwritten (large runs). Exit code 0 only when
/// every pledge enrolled, 2 for bad options.
/// </summary>
public static class FleetCommand
{
    public const string Usage = "usage: Pledge fleet --count N [--route edhoc|cmc|ace|psk] [--registrar coap://127.0.0.1:5683]... [--spread datagram|pledge] [--data DIR] [--concurrency C] [--loss P] [--ack-timeout SECONDS]"
        + " [--serial-prefix EALS-DEMO-] [--no-credential-files] [--no-vouchers] [--nonce-log FILE] [--server-keygen] (edhoc) [--api-url URL [--api-token-file FILE]] (psk) [--masa-url URL [--masa-token-file FILE]] (ace)";

    public const int MaxSerialPrefixLength = 32;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool showProgress)
    {
        FleetOptions options;
        try
        {
            options = ParseOptions(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            error.WriteLine($"fleet: {exception.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        var progress = new ProgressBar(error, options.Count, showProgress);
        var simulator = new FleetSimulator(options) { OnProgress = progress.Update };
        var report = await simulator.RunAsync();
        progress.Finish();
        output.WriteLine($"{report.Summary()} in {report.Elapsed.TotalSeconds:F1} s ({report.Enrolled / Math.Max(report.Elapsed.TotalSeconds, 0.001):F1} enrollments/s)");
        // A line of its own: scripts and tests read the summary line above as it is.
        output.WriteLine(report.ProcessorTimeLine());
        output.WriteLine(report.EnrollmentTimeLine());
        return report.Failed == 0 ? 0 : 1;
    }

    /// <summary>The options of a <c>fleet</c> command line; <see cref="ArgumentException"/> (or a number's parse error) for bad ones.</summary>
    public static FleetOptions ParseOptions(string[] args)
    {
        var options = new FleetOptions();
        var registrars = new List<Uri>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--route" => options with { Route = Route(Next()) },
                "--api-url" => options with { ApiUrl = HttpUrl(Next(), "--api-url") },
                "--api-token-file" => options with { ApiTokenFile = Next() },
                "--masa-url" => options with { MasaUrl = HttpUrl(Next(), "--masa-url") },
                "--masa-token-file" => options with { MasaTokenFile = Next() },
                "--count" => options with { Count = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), "--count") },
                "--registrar" => Add(registrars, Registrar(Next()), options),
                "--spread" => options with { Spread = Spread(Next()) },
                "--serial-prefix" => options with { SerialPrefix = SerialPrefix(Next()) },
                "--nonce-log" => options with { NonceLog = Next() },
                "--data" => options with { DataFolder = Next() },
                "--concurrency" => options with { Concurrency = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), "--concurrency") },
                "--loss" => options with { Loss = Fraction(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--no-credential-files" => options with { WriteCredentials = false },
                "--no-vouchers" => options with { Vouchers = false },
                "--server-keygen" => options with { ServerKeyGeneration = true },
                "--ack-timeout" => options with { AckTimeout = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        options = registrars.Count == 0 ? options : options with { Registrar = registrars[0], MoreGateways = registrars[1..] };
        return options.Problem() is { } problem ? throw new ArgumentException(problem) : options;
    }

    private static GatewaySpreading Spread(string value) => value switch
    {
        "datagram" => GatewaySpreading.Datagram,
        "pledge" => GatewaySpreading.Pledge,
        _ => throw new ArgumentException($"--spread must be datagram or pledge, not '{value}'"),
    };

    private static EnrollmentRoute Route(string value) => value switch
    {
        "edhoc" => EnrollmentRoute.Edhoc,
        "cmc" => EnrollmentRoute.Cmc,
        "ace" => EnrollmentRoute.Ace,
        "psk" => EnrollmentRoute.Psk,
        _ => throw new ArgumentException($"--route must be edhoc, cmc, ace or psk, not '{value}'"),
    };

    private static Uri HttpUrl(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : throw new ArgumentException($"{name} must be an http:// or https:// URL, not '{value}'");

    private static FleetOptions Add(List<Uri> registrars, Uri registrar, FleetOptions options)
    {
        registrars.Add(registrar);
        return options;
    }

    internal static Uri Registrar(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "coap" ? uri : throw new ArgumentException($"--registrar must be a coap:// URI, not '{value}'");

    // The serial becomes the IDevID's subject serialNumber (a PrintableString): keep the prefix to plain characters.
    private static string SerialPrefix(string value) =>
        value.Length is > 0 and <= MaxSerialPrefixLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            ? value
            : throw new ArgumentException($"--serial-prefix must be 1 to {MaxSerialPrefixLength} letters, digits, '-' or '.', not '{value}'");

    private static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentException($"{name} must be positive");

    private static double Fraction(double value) => value is >= 0 and < 1 ? value : throw new ArgumentException("--loss must be in [0, 1)");
}
