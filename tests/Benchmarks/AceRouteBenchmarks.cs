using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Eals.Grains.Ace;
using Eals.Masa.Ace;
using Eals.Masa.Requests;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Ace;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Benchmarks;

/// <summary>
/// The ACE route (RFC 9200 introspection, RFC 9203 OSCORE profile, the EALS Client Token) up to the OSCORE
/// context on each side, with the grains and the MASA's SQLite taken out. The token is issued once by the real
/// <see cref="AccessTokenIssuer"/>; its record is read once. Then, per enrollment: the AS answers an
/// introspection (IntrospectionService's steps: the registrar's COSE_Sign1 and chain, the token's signature, the
/// sealed secrets, a voucher signed for nonce1, the Client Token, the answer sealed by ECDH-ES to the registrar);
/// the registrar handles /authz-info (RegistrarAce and AuthzInfoGrain: signs the introspection request, opens the
/// answer, derives its context); the pledge opens the Client Token, validates the voucher under its MASA anchor
/// and derives its context (AceEnroller). The CSR exchange under OSCORE afterwards is <see cref="PskRouteBenchmarks"/>'s.
/// </summary>
public class AceRouteBenchmarks : RouteBenchmark
{
    private static readonly TimeSpan VoucherLifetime = new Masa.Options.MasaOptions().VoucherLifetime;

    private AceSecretBox _box = null!;
    private AceTokenRecord _record = null!;
    private RegistrarAce _ace = null!;
    private CoseSigner _masaSigner = null!;
    private string _issuerName = "";
    private byte[] _token = [];
    private byte[] _clientKey = [];
    private readonly byte[] _nonce1 = RandomNumberGenerator.GetBytes(8);
    private readonly byte[] _nonce2 = RandomNumberGenerator.GetBytes(8);
    private readonly byte[] _clientRecipientId = [0x01];
    private readonly byte[] _serverRecipientId = [0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
    private byte[] _authzInfoRequest = [];
    private byte[] _introspectionRequest = [];
    private byte[] _sealedAnswer = [];
    private byte[] _authzInfoAnswer = [];

    [GlobalSetup]
    public void Setup()
    {
        _box = AceSecretBox.LoadOrCreate(Path.Combine(Pki.Folder, AceSecretBox.FileName));
        var store = new AceTokenStore(Path.Combine(Pki.Folder, "ace.db"));
        _ace = new RegistrarAce(Pki.Registrar);
        var issuer = new AccessTokenIssuer(Pki.Masa, store, _box, TimeProvider.System, NullLogger<AccessTokenIssuer>.Instance);
        var issued = issuer.Issue(new AccessTokenOrder(RoutePki.Serial, _ace.Audience));
        _issuerName = issuer.IssuerName;
        _token = WebEncoders.Base64UrlDecode(issued.Token);
        _clientKey = WebEncoders.Base64UrlDecode(issued.ClientKey);
        _record = store.Find(Convert.FromHexString(issued.TokenId)) ?? throw new InvalidOperationException("the token was not recorded");
        _masaSigner = new CoseSigner(Pki.Masa.Key, null, [Pki.Masa.Certificate.RawData]);
        _authzInfoRequest = new AuthzInfoRequest(_token, _nonce1, _clientRecipientId).Encode();
        _introspectionRequest = _ace.BuildIntrospectionRequest(_token, _nonce1);
        _sealedAnswer = AuthorizationServerAnswers();
        _authzInfoAnswer = RegistrarHandlesAuthzInfo();
    }

    [Benchmark]
    public byte[] AuthorizationServerAnswers()
    {
        var now = DateTimeOffset.UtcNow;
        var signed = VoucherRequestReader.ReadRegistrarSigned(_introspectionRequest, now, new RequestFacts());
        var request = IntrospectionRequest.Decode(signed.Payload);
        var claims = AccessTokenClaims.Decode(CoseSign1.Verify(request.Token, Pki.Masa.Certificate.PublicKey).Payload);
        var secrets = AceTokenSecrets.FromBytes(_box.Unseal(_record.SealedSecrets, AccessTokenIssuer.SealPurpose(claims.TokenId))!)!;
        // VoucherIssuer's voucher, without its claim transaction.
        var voucher = new Voucher(VoucherAssertion.Logged, claims.Subject, now, Pki.Masa.ManufacturerKeyIdentifier, signed.DomainCaCertificate, Nonce: request.Nonce1, ExpiresOn: now + VoucherLifetime);
        byte[] signedVoucher = CoseSign1.Sign(VoucherCbor.Encode(voucher), _masaSigner);
        var material = new OscoreInputMaterial(claims.TokenId, secrets.MasterSecret, secrets.Salt);
        var content = new ClientTokenContent(claims.Subject, claims.Audience, claims.ExpiresAt, material, signedVoucher);
        byte[] clientToken = CoseEncrypt0.Encrypt(secrets.ClientKey, RandomNumberGenerator.GetBytes(CoseEncrypt0.IvLength), content.Encode(), kid: claims.TokenId);
        var answer = new IntrospectionResponse(true, claims.Subject, claims.Audience, claims.Scope, claims.ExpiresAt, material, clientToken, _issuerName);
        using var registrar = X509CertificateLoader.LoadCertificate(signed.RegistrarCertificate);
        using var registrarKey = registrar.GetECDsaPublicKey()!;
        using var recipient = ECDiffieHellman.Create(registrarKey.ExportParameters(false));
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return AceKeyAgreement.SealTo(answer.Encode(), recipient.PublicKey, ephemeral, RandomNumberGenerator.GetBytes(CoseEncrypt0.IvLength));
    }

    [Benchmark]
    public byte[] RegistrarHandlesAuthzInfo()
    {
        var request = AuthzInfoRequest.Decode(_authzInfoRequest);
        _ace.BuildIntrospectionRequest(request.AccessToken, request.Nonce1);
        var introspection = _ace.OpenAnswer(_sealedAnswer);
        var parameters = AceOscoreDerivation.ForServer(introspection.InputMaterial!, request.Nonce1, _nonce2, request.ClientRecipientId, _serverRecipientId);
        using var context = OscoreSecurityContext.Derive(parameters, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        return new AuthzInfoResponse(_nonce2, _serverRecipientId, introspection.ClientToken!).Encode();
    }

    [Benchmark]
    public ulong PledgeChecksClientToken()
    {
        var answer = AuthzInfoResponse.Decode(_authzInfoAnswer);
        var content = AceEnroller.OpenClientToken(answer.ClientToken, _clientKey);
        var voucher = VoucherValidator.Validate(content.Voucher, Pki.ManufacturerCa, RoutePki.Serial, _nonce1, DateTimeOffset.UtcNow);
        using var domainCa = VoucherValidator.PinnedDomainCertificate(voucher);
        var parameters = AceOscoreDerivation.ForClient(content.InputMaterial, _nonce1, answer.Nonce2, _clientRecipientId, answer.ServerRecipientId);
        using var context = OscoreSecurityContext.Derive(parameters, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        return context.SenderSequenceNumber;
    }
}
