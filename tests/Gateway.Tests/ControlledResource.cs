using Eals.Gateway.Messaging;
using Eals.Gateway.Resources;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Tests;

/// <summary>A resource whose GET completes only when the test says so, to drive separate responses.</summary>
public sealed class ControlledResource() : CoapResource("slow")
{
    private readonly TaskCompletionSource<CoapMessage> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public void Complete(CoapMessage response) => _response.TrySetResult(response);

    protected override async ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        return await _response.Task.WaitAsync(cancellationToken);
    }
}
