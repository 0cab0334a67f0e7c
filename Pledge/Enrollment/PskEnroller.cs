using System.Security.Cryptography;
using Eals.Protocol.Brski;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Psk;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The pre-shared key route (draft section 2.1, RFC 9031 parameters): no handshake; the pledge derives
/// its OSCORE context from the key, sends every request with its ID Context as 'kid context', asks
/// /.well-known/est/sen for a certificate in the serial the key is registered to, and reports the
/// enrollment status. Its sequence numbers continue from <paramref name="sequence"/> across runs.
/// </summary>
public sealed class PskEnroller(RegistrarChannel channel, PskKeyFile key, IOscoreSequenceNumberStore sequence, IRandomSource random)
{
    public async Task<EnrollmentResult> EnrollAsync(CancellationToken cancellationToken = default)
    {
        using var context = CreateContext(key, sequence, random);
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            channel.OnStep?.Invoke("enroll");
            var certificate = await channel.RequestCertificateAsync(context, ecdsa, key.Serial, ".well-known/est/sen", cancellationToken, includeKidContext: true).ConfigureAwait(false);
            await channel.ReportStatusAsync(context, ".well-known/brski/es", new StatusReport(true, $"enrolled as {certificate.SerialNumber}"), cancellationToken, includeKidContext: true).ConfigureAwait(false);
            return EnrollmentResult.Enrolled(certificate, ecdsa, attempts: 1);
        }
        catch (EnrollmentStepException failure)
        {
            ecdsa.Dispose();
            return EnrollmentResult.Failed(failure.Step, failure.Message, attempts: 1);
        }
    }

    /// <summary>The pledge's context under <paramref name="key"/> (ours to dispose).</summary>
    // Appendix B.1.1: a run starts at the persisted ceiling, above every number an earlier run may have used.
    public static OscoreSecurityContext CreateContext(PskKeyFile key, IOscoreSequenceNumberStore sequence, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sequence);
        var derived = OscoreSecurityContext.Derive(CojpOscoreParameters.ForPledge(key.MasterSecret, key.IdContext), sequence, random);
        if (sequence.PersistedCeiling is not { } start || start == 0)
        {
            return derived;
        }
        var resumed = derived.Export() with { SenderSequenceNumber = start, SenderSequenceCeiling = start };
        derived.Dispose();
        return OscoreSecurityContext.Restore(resumed, sequence, random, replayWindowTrusted: true);
    }
}
