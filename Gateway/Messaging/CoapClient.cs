using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Requests with block-wise transfer done for the caller (RFC 7959): a body larger than the block size goes
/// out in Block1 blocks (following the server if it asks for smaller ones in 2.31), and a response in Block2
/// blocks is fetched to the end and returned whole. A block-wise exchange answered 4.08 Request Entity
/// Incomplete is restarted from block 0, at most <see cref="MaxTransferRestarts"/> times: the server no longer
/// holds the transfer's earlier blocks or its representation (it restarted, they expired, or they reached a
/// gateway that has since gone), which RFC 7959 (section 2.9.2) leaves to the client to recover from. Recovery
/// by the client rather than durable block-wise state at the server: a restart costs the pledge one request
/// again, while durable state would cost the server a write per block for every transfer, crash or not. The
/// exception is a Block2 transfer of an OSCORE-protected request: the server answered that request already, so
/// the same protected bytes again would be a replay (RFC 8613 section 7.4); its 4.08 goes back to the caller,
/// which protects the request anew.
/// A 4.01 Unauthorized with an Echo option (RFC 9175 section 2.3: the server wants proof that we receive at our
/// address before it keeps state) is answered by repeating the request at once with that Echo value, once per such
/// response and at most <see cref="EchoRepeats"/> times in a row; after that the 4.01 is the answer.
/// </summary>
public sealed class CoapClient
{
    private readonly CoapEndpoint _endpoint;

    public CoapClient(CoapEndpoint endpoint, int blockSize = 1024)
    {
        _endpoint = endpoint;
        BlockSizeExponent = BlockOption.SizeExponentFor(blockSize);
    }

    public int BlockSizeExponent { get; }

    /// <summary>Largest body accepted from a Block2 transfer.</summary>
    public int MaxResponseBody { get; init; } = 16 * 1024 * 1024;

    /// <summary>Restarts from block 0 of one exchange whose server lost the transfer (4.08); a few, so a server that keeps losing it ends the exchange.</summary>
    public int MaxTransferRestarts { get; init; } = 3;

    /// <summary>Repeats of one request that keeps getting 4.01 with Echo (a server whose values we cannot satisfy).</summary>
    public int EchoRepeats { get; init; } = 3;

    public async Task<CoapMessage> SendAsync(PeerAddress peer, CoapMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await SendRestartingAsync(peer, request, cancellationToken).ConfigureAwait(false);
        // Not for OSCORE requests: the same protected message again would be a replay (their Echo is an inner option, RFC 8613).
        for (int repeat = 0; repeat < EchoRepeats && response.Code == CoapCode.Unauthorized && !request.HasOption(CoapOptionNumber.Oscore)
            && response.TryGetOption(CoapOptionNumber.Echo, out var echo); repeat++)
        {
            request = Copy(request, request.Payload);
            request.SetOption(new CoapOption(CoapOptionNumber.Echo, echo.Value.ToArray()));
            response = await SendRestartingAsync(peer, request, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private async Task<CoapMessage> SendRestartingAsync(PeerAddress peer, CoapMessage request, CancellationToken cancellationToken)
    {
        for (int restart = 0; ; restart++)
        {
            var (response, transfer) = await SendWholeAsync(peer, request, cancellationToken).ConfigureAwait(false);
            bool restartable = transfer == Transfer.Block1 || (transfer == Transfer.Block2 && !request.HasOption(CoapOptionNumber.Oscore));
            if (response.Code != CoapCode.RequestEntityIncomplete || !restartable || restart >= MaxTransferRestarts)
            {
                return response;
            }
        }
    }

    /// <summary>How an exchange went: whole both ways, or in blocks (the request's Block1 blocks, else the answer's Block2 blocks).</summary>
    private enum Transfer
    {
        Whole,
        Block1,
        Block2,
    }

    private async Task<(CoapMessage Response, Transfer Transfer)> SendWholeAsync(PeerAddress peer, CoapMessage request, CancellationToken cancellationToken)
    {
        bool inBlocks = request.Payload.Length > (1 << (BlockSizeExponent + 4));
        var response = inBlocks
            ? await SendBlock1Async(peer, request, cancellationToken).ConfigureAwait(false)
            : await _endpoint.SendRequestAsync(peer, Copy(request, request.Payload), cancellationToken).ConfigureAwait(false);
        if (!BlockOption.TryGet(response, CoapOptionNumber.Block2, out var block2) || !block2.More)
        {
            return (response, inBlocks ? Transfer.Block1 : Transfer.Whole);
        }
        return (await FetchRemainingBlocksAsync(peer, request, response, block2, cancellationToken).ConfigureAwait(false), Transfer.Block2);
    }

    private async Task<CoapMessage> SendBlock1Async(PeerAddress peer, CoapMessage request, CancellationToken cancellationToken)
    {
        var body = request.Payload;
        int szx = BlockSizeExponent;
        long offset = 0;
        while (true)
        {
            int size = 1 << (szx + 4);
            int number = (int)(offset / size);
            int length = (int)Math.Min(size, body.Length - offset);
            bool more = offset + length < body.Length;
            var blockRequest = Copy(request, body.Slice((int)offset, length));
            blockRequest.SetOption(new BlockOption(number, more, szx).ToOption(CoapOptionNumber.Block1));
            if (number == 0)
            {
                blockRequest.SetUInt(CoapOptionNumber.Size1, (uint)body.Length);
            }
            var response = await _endpoint.SendRequestAsync(peer, blockRequest, cancellationToken).ConfigureAwait(false);
            if (!more || response.Code != CoapCode.Continue)
            {
                return response;
            }
            offset += length;
            // The server may ask for smaller blocks (RFC 7959 section 2.3); never larger.
            if (BlockOption.TryGet(response, CoapOptionNumber.Block1, out var echo) && echo.SizeExponent < szx)
            {
                szx = echo.SizeExponent;
            }
        }
    }

    private async Task<CoapMessage> FetchRemainingBlocksAsync(PeerAddress peer, CoapMessage request, CoapMessage first, BlockOption block, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        body.Write(first.Payload.Span);
        while (block.More)
        {
            if (body.Length > MaxResponseBody)
            {
                throw new InvalidDataException($"The Block2 response exceeds {MaxResponseBody} bytes.");
            }
            int szx = block.SizeExponent;
            var next = new BlockOption((int)(body.Length >> (szx + 4)), false, szx);
            var follow = Copy(request, ReadOnlyMemory<byte>.Empty);
            follow.RemoveOption(CoapOptionNumber.Block1);
            follow.RemoveOption(CoapOptionNumber.Size1);
            follow.SetOption(next.ToOption(CoapOptionNumber.Block2));
            var part = await _endpoint.SendRequestAsync(peer, follow, cancellationToken).ConfigureAwait(false);
            // An error answer may come in blocks too (a signed CMC failure): only a change of code ends the transfer.
            if (part.Code != first.Code || !BlockOption.TryGet(part, CoapOptionNumber.Block2, out block) || block.Number != next.Number)
            {
                return part;
            }
            body.Write(part.Payload.Span);
            first = part;
        }
        var whole = first.Clone();
        whole.RemoveOption(CoapOptionNumber.Block2);
        whole.Payload = body.ToArray();
        return whole;
    }

    /// <summary>A fresh message for each exchange: the endpoint assigns token and Message ID to what it sends.</summary>
    private static CoapMessage Copy(CoapMessage request, ReadOnlyMemory<byte> payload)
    {
        var copy = new CoapMessage { Type = request.Type, Code = request.Code, Payload = payload };
        foreach (var option in request.Options)
        {
            copy.AddOption(option);
        }
        return copy;
    }
}
