using Eals.Pledge;
using Eals.Pledge.Vectors;

// The reference pledge's command line. Commands arrive with the issues that need them.
return args switch
{
    ["coap", .. var rest] => await CoapCommand.RunAsync(rest, Console.Out, Console.Error),
    ["vectors", .. var rest] => VectorsCommand.Run(rest, Console.Out, Console.Error),
    ["fleet", .. var rest] => await FleetCommand.RunAsync(rest, Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected),
    ["enroll", .. var rest] => await EnrollCommand.RunAsync(rest, Console.Out, Console.Error),
    ["enroll-psk", .. var rest] => await PskCommand.EnrollAsync(rest, Console.Out, Console.Error),
    ["psk-mint", .. var rest] => PskCommand.Mint(rest, Console.Out, Console.Error),
    ["enroll-cmc", .. var rest] => await CmcEnrollCommand.RunAsync(rest, Console.Out, Console.Error),
    ["enroll-ace", .. var rest] => await AceEnrollCommand.RunAsync(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Pledge coap METHOD URI [--payload TEXT | --file PATH] [--block SIZE] [--non] [--content-format N] [--accept N] [--timeout SECONDS]
          METHOD: get, post, put, delete, fetch
          URI:    coap://HOST[:PORT]/PATH[?QUERY]
        Pledge vectors FILE|DIR...   (RFC 8613 / RFC 9529 known-answer files)
        Pledge fleet --count N [--route edhoc|cmc|ace|psk] [--registrar coap://127.0.0.1:5683]... [--data DIR] [--concurrency C] [--loss P] [--ack-timeout SECONDS] [--serial-prefix EALS-DEMO-] [--no-credential-files]
          edhoc (default): [--no-vouchers] [--nonce-log FILE] [--server-keygen]
          cmc:  each pledge signs a Full PKI Request with its IDevID
          psk:  --api-url http://127.0.0.1:8080/ [--api-token-file DATA/keys/operator.token]   (keys minted and imported by the fleet)
          ace:  --masa-url http://127.0.0.1:8080/masa/ [--masa-token-file DATA/masa/admin.token]   (one access token ordered per pledge)
        Pledge enroll --idevid CERT.pem --key KEY.pem (--masa MANUFACTURER-CA.pem | --trust DOMAIN-CA.pem) [--registrar coap://127.0.0.1:5683] [--out DIR] [--server-keygen]
        Pledge enroll-psk --psk FILE [--serial S] [--id-context HEX] [--registrar coap://127.0.0.1:5683] [--out DIR]
        Pledge psk-mint --count N [--prefix EALS-PSK-] [--out DIR]
        Pledge enroll-cmc (--idevid CERT.pem --key KEY.pem | --ra-cert RA.pem --ra-key RA.key --serial SERIAL) --trust DOMAIN-CA.pem [--registrar coap://127.0.0.1:5683] [--out DIR]
        Pledge enroll-ace --token FILE --client-key FILE --masa MANUFACTURER-CA.pem --serial S [--registrar coap://127.0.0.1:5683] [--out DIR]
        """);
    return 2;
}
