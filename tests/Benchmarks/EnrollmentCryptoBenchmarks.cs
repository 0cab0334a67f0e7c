using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Grains.Vouchers;
using Eals.Masa.Requests;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Vouchers;

namespace Eals.Benchmarks;

/// <summary>
/// The certificate and signature work of one zero-touch enrollment on the server, with the grains, the store
/// and the network taken out, next to the bare primitives it contains (issue 14: crypto per enrollment should be
/// close to the primitives).
/// <list type="bullet">
/// <item>Registrar: the IDevID check (<see cref="IdevidValidator"/>) and its EDHOC credential, the pledge's voucher
/// request verified under the IDevID (as EdhocSessionGrain.ObtainVoucherAsync does), the registrar voucher request
/// signed, and the MASA's voucher checked (<see cref="RegistrarVouchers.Validate"/>). Primitives: 4 ES256 verifies
/// (IDevID by the manufacturer CA, pledge request, MASA certificate by the manufacturer CA, voucher) and 1 sign.</item>
/// <item>MASA: <see cref="VoucherRequestReader.Read"/> and the voucher signed as VoucherIssuer signs it.
/// Primitives: 5 verifies (registrar request, registrar certificate by the domain CA, the domain CA's
/// self-signature, pledge request, IDevID by the manufacturer CA) and 1 sign.</item>
/// </list>
/// The same inputs every call (one pledge): that is what a cache keyed by certificate bytes sees for the CA,
/// registrar and MASA certificates; the IDevID differs per pledge in reality, which <c>*FreshIdevid</c> covers.
/// </summary>
[MemoryDiagnoser]
public class EnrollmentCryptoBenchmarks : IDisposable
{
    private const int Fresh = 64;

    private readonly RoutePki _pki = new();
    private readonly RegistrarVouchers _vouchers;
    private readonly VoucherRequestReader _reader;
    private readonly byte[] _pledgeRequest;
    private readonly byte[] _registrarRequest;
    private readonly byte[] _voucher;
    private readonly PledgeIdentity _identity;
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(8);
    private readonly (byte[] Idevid, byte[] Request)[] _fresh;
    private int _next;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _message = RandomNumberGenerator.GetBytes(300);
    private readonly byte[] _signature;

    public EnrollmentCryptoBenchmarks()
    {
        var now = DateTimeOffset.UtcNow;
        _vouchers = new RegistrarVouchers(_pki.Registrar);
        _reader = new VoucherRequestReader(_pki.Masa);
        var (identity, problem) = IdevidValidator.Validate(_pki.Idevid.CertificateDer, _pki.Registrar, now);
        _identity = identity ?? throw new InvalidOperationException(problem);
        _pledgeRequest = PledgeRequest(_pki.Idevid.PrivateKey, _pki.Idevid.CertificateDer, RoutePki.Serial);
        _registrarRequest = _vouchers.BuildRequest(_identity, VoucherCbor.DecodeVoucherRequest(CoseSign1.ReadUnverified(_pledgeRequest).Payload), _pledgeRequest, now);
        _voucher = MasaSide(_registrarRequest);
        _signature = _key.SignData(_message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var minter = new Eals.Protocol.Pki.IdevidMinter(_pki.ManufacturerAuthority);
        _fresh = new (byte[], byte[])[Fresh];
        for (int i = 0; i < Fresh; i++)
        {
            string serial = $"SN-FRESH-{i}";
            using var idevid = minter.Mint(serial, now, Eals.Protocol.Crypto.SystemRandomSource.Instance);
            _fresh[i] = (idevid.CertificateDer, PledgeRequest(idevid.PrivateKey, idevid.CertificateDer, serial));
        }
        RegistrarSide(); // fail at set-up, not in the measured loop
        RegistrarSideFreshIdevid();
    }

    // --- What the code does per enrollment.

    [Benchmark]
    public object RegistrarSide() => Registrar(_pki.Idevid.CertificateDer, _pledgeRequest, _voucher, _identity, loadIdevid: true);

    /// <summary>As <see cref="RegistrarSide"/> with ObtainVoucherAsync verifying through CoseSign1.Verify(bytes, IDevID DER) instead of loading the IDevID.</summary>
    [Benchmark]
    public object RegistrarSideDerVerify() => Registrar(_pki.Idevid.CertificateDer, _pledgeRequest, _voucher, _identity, loadIdevid: false);

    /// <summary>A new pledge each call (64 IDevIDs in turn): nothing about the IDevID can come from a cache of the last call.</summary>
    [Benchmark]
    public object RegistrarSideFreshIdevid()
    {
        var (idevid, request) = _fresh[_next++ % Fresh];
        var (identity, problem) = IdevidValidator.Validate(idevid, _pki.Registrar, DateTimeOffset.UtcNow);
        if (identity is null)
        {
            throw new InvalidOperationException(problem);
        }
        _ = EdhocCredential.FromX509Chain([idevid]).Value;
        using var certificate = X509CertificateLoader.LoadCertificate(idevid);
        return CoseSign1.Verify(request, certificate.PublicKey);
    }

    [Benchmark]
    public byte[] MasaSide() => MasaSide(_registrarRequest);

    // --- The bare primitives in them: ES256 with a key imported once.

    [Benchmark]
    public bool Es256Verify() => _key.VerifyData(_message, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public byte[] Es256Sign() => _key.SignData(_message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The registrar's floor: 4 verifies and 1 sign.</summary>
    [Benchmark]
    public int RegistrarPrimitives() => Verifies(4) + Es256Sign().Length;

    /// <summary>The MASA's floor: 5 verifies and 1 sign.</summary>
    [Benchmark]
    public int MasaPrimitives() => Verifies(5) + Es256Sign().Length;

    public void Dispose()
    {
        _key.Dispose();
        _pki.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Verifies(int count)
    {
        int ok = 0;
        for (int i = 0; i < count; i++)
        {
            ok += Es256Verify() ? 1 : 0;
        }
        return ok;
    }

    private object Registrar(byte[] idevid, byte[] pledgeRequest, byte[] voucher, PledgeIdentity expected, bool loadIdevid)
    {
        var now = DateTimeOffset.UtcNow;
        // EDHOC message_3: the IDevID in ID_CRED_I is checked and becomes the credential.
        var (identity, problem) = IdevidValidator.Validate(idevid, _pki.Registrar, now);
        if (identity is null)
        {
            throw new InvalidOperationException(problem);
        }
        _ = EdhocCredential.FromX509Chain([idevid]).Value;
        // EdhocSessionGrain.ObtainVoucherAsync: the pledge's request under its IDevID, then the registrar's request.
        VoucherRequest request;
        if (loadIdevid)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(idevid);
            request = VoucherCbor.DecodeVoucherRequest(CoseSign1.Verify(pledgeRequest, certificate.PublicKey).Payload);
        }
        else
        {
            request = VoucherCbor.DecodeVoucherRequest(CoseSign1.Verify(pledgeRequest, idevid).Payload);
        }
        _ = _vouchers.BuildRequest(expected, request, pledgeRequest, now);
        // The MASA's answer.
        return _vouchers.Validate(voucher, expected, _nonce, now);
    }

    private byte[] MasaSide(byte[] registrarRequest)
    {
        var now = DateTimeOffset.UtcNow;
        var request = _reader.Read(registrarRequest, now, new RequestFacts());
        // VoucherIssuer.Claim without the store.
        var voucher = new Voucher(
            VoucherAssertion.Logged,
            request.SerialNumber,
            now,
            IdevidIssuer: _pki.Masa.ManufacturerKeyIdentifier,
            PinnedDomainCert: request.DomainCaCertificate,
            Nonce: request.Nonce,
            ExpiresOn: now + TimeSpan.FromDays(1));
        return CoseSign1.Sign(VoucherCbor.Encode(voucher), new CoseSigner(_pki.Masa.Key, null, [_pki.Masa.Certificate.RawData]));
    }

    private byte[] PledgeRequest(ECDsa key, byte[] idevid, string serial)
    {
        var issuer = _pki.Masa.ManufacturerKeyIdentifier;
        var request = VoucherCbor.Encode(new VoucherRequest(serial, VoucherAssertion.Proximity, issuer, _nonce));
        return CoseSign1.Sign(request, new CoseSigner(key, null, [idevid]));
    }
}
