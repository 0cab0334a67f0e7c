using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>Answers a POST with its body, but only once the test opens the gate: an answer that takes its time (a slow MASA).</summary>
public sealed class GatedEchoResource() : CoapResource("gated")
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task Started => _started.Task;

    public void Open() => _gate.TrySetResult();

    protected override async ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        byte[] body = request.Body.ToArray();
        _started.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return CoapResponses.Create(CoapCode.Changed, body);
    }
}
