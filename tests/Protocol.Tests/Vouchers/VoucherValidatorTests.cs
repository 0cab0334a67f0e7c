using CsCheck;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>What a pledge checks before it accepts a voucher (RFC 8995 section 5.6.1): each refusal has its own error.</summary>
public sealed class VoucherValidatorTests(VoucherTestPki pki) : IClassFixture<VoucherTestPki>
{
    private const string Serial = "PLEDGE-0042";
    private static readonly DateTimeOffset Now = VoucherTestPki.Now;
    private static readonly byte[] Nonce = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80];

    private Voucher Good => new(VoucherAssertion.Proximity, Serial, Now.AddMinutes(-1),
        PinnedDomainCert: pki.DomainCa.Certificate.RawData, Nonce: Nonce, ExpiresOn: Now.AddDays(14));

    [Fact]
    public void Valid_voucher_is_accepted_and_pins_the_domain_ca()
    {
        var voucher = Validate(Good);

        Assert.Equal(Serial, voucher.SerialNumber);
        using var pinned = VoucherValidator.PinnedDomainCertificate(voucher);
        Assert.Equal(pki.DomainCa.Certificate.RawData, pinned.RawData);
    }

    [Fact]
    public void EdDsa_signed_voucher_is_accepted()
    {
        var voucher = VoucherValidator.Validate(CoseSign1.Sign(VoucherCbor.Encode(Good), pki.EdDsaSigner()), pki.MasaCa.Certificate, Serial, Nonce, Now);

        Assert.Equal(Nonce, voucher.Nonce);
    }

    [Fact]
    public void Voucher_pinning_only_a_domain_public_key_is_accepted()
    {
        var voucher = Validate(Good with { PinnedDomainCert = null, PinnedDomainPublicKey = pki.DomainCa.Certificate.PublicKey.ExportSubjectPublicKeyInfo() });

        using var pinned = VoucherValidator.PinnedDomainKey(voucher);
        Assert.Null(pinned.Certificate);
        Assert.Equal(pki.DomainCa.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), pinned.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Nonceless_voucher_is_accepted_when_the_pledge_sent_no_nonce()
    {
        Assert.Null(Validate(Good with { Nonce = null }, pledgeSentNonce: false).Nonce);
    }

    [Fact]
    public void Voucher_signed_by_another_masa_is_untrusted()
    {
        byte[] signed = CoseSign1.Sign(VoucherCbor.Encode(Good), new CoseSigner(pki.OtherSigner.PrivateKey, null, [pki.OtherSigner.CertificateDer]));

        VoucherAssert.Error(VoucherError.UntrustedSigner, () => VoucherValidator.Validate(signed, pki.MasaCa.Certificate, Serial, Nonce, Now));
    }

    [Fact]
    public void Voucher_without_x5chain_signed_by_another_key_is_a_bad_signature()
    {
        byte[] signed = CoseSign1.Sign(VoucherCbor.Encode(Good), new CoseSigner(pki.OtherSigner.PrivateKey, null, []));

        VoucherAssert.Error(VoucherError.BadSignature, () => VoucherValidator.Validate(signed, pki.MasaSigner.Certificate, Serial, Nonce, Now));
    }

    [Fact]
    public void Tampered_voucher_is_a_bad_signature()
    {
        byte[] signed = CoseSign1.Sign(VoucherCbor.Encode(Good), pki.Es256Signer());
        signed[^70] ^= 0x01; // inside the payload's last leaf (the serial number)

        VoucherAssert.Error(VoucherError.BadSignature, () => VoucherValidator.Validate(signed, pki.MasaCa.Certificate, Serial, Nonce, Now));
    }

    [Fact]
    public void Serial_mismatch() =>
        VoucherAssert.Error(VoucherError.SerialMismatch, () => Validate(Good with { SerialNumber = "PLEDGE-0043" }));

    [Fact]
    public void Nonce_mismatch() =>
        VoucherAssert.Error(VoucherError.NonceMismatch, () => Validate(Good with { Nonce = [.. Nonce[..^1], 0x81] }));

    [Fact]
    public void Missing_nonce_when_one_was_sent() =>
        VoucherAssert.Error(VoucherError.NonceMismatch, () => Validate(Good with { Nonce = null }));

    [Fact]
    public void Expired_voucher() =>
        VoucherAssert.Error(VoucherError.Expired, () => Validate(Good with { ExpiresOn = Now.AddSeconds(-1) }));

    [Fact]
    public void Voucher_created_in_the_future_is_not_yet_valid() =>
        VoucherAssert.Error(VoucherError.NotYetValid, () => Validate(Good with { CreatedOn = Now.AddMinutes(5) }));

    [Fact]
    public void Assertion_not_accepted() =>
        VoucherAssert.Error(VoucherError.AssertionNotAccepted, () => Validate(Good with { Assertion = VoucherAssertion.Logged }, accepted: new HashSet<VoucherAssertion> { VoucherAssertion.Proximity, VoucherAssertion.Verified }));

    [Fact]
    public void Accepted_assertion_passes() =>
        Assert.Equal(VoucherAssertion.Logged, Validate(Good with { Assertion = VoucherAssertion.Logged }, accepted: new HashSet<VoucherAssertion> { VoucherAssertion.Logged }).Assertion);

    [Fact]
    public void Pinned_domain_missing() =>
        VoucherAssert.Error(VoucherError.PinnedDomainMissing, () => Validate(Good with { PinnedDomainCert = null }));

    [Fact]
    public void Pinned_domain_cert_garbage() =>
        VoucherAssert.Error(VoucherError.PinnedDomainUnparsable, () => Validate(Good with { PinnedDomainCert = [0x30, 0x03, 0x02, 0x01, 0x05] }));

    [Fact]
    public void Pinned_domain_public_key_garbage() =>
        VoucherAssert.Error(VoucherError.PinnedDomainUnparsable, () => Validate(Good with { PinnedDomainCert = null, PinnedDomainPublicKey = [0x30, 0x00] }));

    [Fact]
    public void Pinned_domain_certificate_of_a_voucher_without_one_is_missing() =>
        VoucherAssert.Error(VoucherError.PinnedDomainMissing, () => VoucherValidator.PinnedDomainCertificate(Good with { PinnedDomainCert = null, PinnedDomainPublicKey = [1] }));

    [Fact]
    public void Corrupted_pinned_domain_cert_is_unparsable_or_accepted_never_an_unhandled_exception()
    {
        byte[] der = pki.DomainCa.Certificate.RawData;
        Gen.Select(Gen.Int[0, der.Length - 1], Gen.Byte).Sample(mutation =>
        {
            byte[] corrupted = [.. der];
            corrupted[mutation.Item1] = mutation.Item2;
            try
            {
                Validate(Good with { PinnedDomainCert = corrupted });
            }
            catch (VoucherException e) when (e.Error == VoucherError.PinnedDomainUnparsable)
            {
            }
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Signed_voucher_request_is_not_a_voucher()
    {
        byte[] signed = CoseSign1.Sign(VoucherCbor.Encode(new VoucherRequest(Serial, Nonce: Nonce)), pki.Es256Signer());

        VoucherAssert.Error(VoucherError.UnknownKey, () => VoucherValidator.Validate(signed, pki.MasaCa.Certificate, Serial, Nonce, Now));
    }

    [Fact]
    public void Garbage_is_malformed() =>
        VoucherAssert.Error(VoucherError.Malformed, () => VoucherValidator.Validate([0xD2, 0x84], pki.MasaCa.Certificate, Serial, Nonce, Now));

    /// <summary>Signs with the MASA's ES256 key and x5chain and validates as the pledge that sent <see cref="Nonce"/> (or none).</summary>
    private Voucher Validate(Voucher voucher, IReadOnlySet<VoucherAssertion>? accepted = null, bool pledgeSentNonce = true) =>
        VoucherValidator.Validate(CoseSign1.Sign(VoucherCbor.Encode(voucher), pki.Es256Signer()), pki.MasaCa.Certificate, Serial,
            pledgeSentNonce ? Nonce : null, Now, accepted);

}
