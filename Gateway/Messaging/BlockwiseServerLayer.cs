using System.Text;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Block-wise transfer for the server side (RFC 7959): reassembles Block1 request bodies (2.31 Continue,
/// 4.08, 4.13 with Size1), and cuts large responses into Block2 blocks, keeping the representation for the
/// follow-up requests in a bounded cache (re-generating it for safe methods when it was evicted).
/// The final block of a finished Block1 transfer that arrives again under a new Message ID (a join proxy
/// relays each retransmission as a new NON, so de-duplication cannot catch it) gets the answer of the
/// first one, not 4.08: the body is not handled twice and the pledge is not told its transfer failed.
/// </summary>
public sealed class BlockwiseServerLayer : ICoapRequestHandler
{
    private readonly ICoapRequestHandler _next;
    private readonly BlockwiseLimits _limits;
    private readonly TimeSpan _lifetime;
    private readonly Block1Reassembler<BlockwisePeer> _reassembler;
    private readonly BoundedCache<(BlockwisePeer Peer, string Key), CoapMessage> _representations;
    private readonly BoundedCache<(BlockwisePeer Peer, string Key), CompletedBlock1> _completed;

    public BlockwiseServerLayer(ICoapRequestHandler next, CoapEndpointOptions options, TimeProvider time)
    {
        _next = next;
        _limits = options.Blockwise;
        _lifetime = options.Transmission.ExchangeLifetime;
        _reassembler = new Block1Reassembler<BlockwisePeer>(options.Blockwise, time);
        _representations = new BoundedCache<(BlockwisePeer, string), CoapMessage>(options.Block2CacheCapacity, time);
        _completed = new BoundedCache<(BlockwisePeer, string), CompletedBlock1>(options.Block2CacheCapacity, time);
    }

    /// <summary>A finished Block1 transfer: its final block and the (pristine) answer to it, once there is one.</summary>
    private sealed record CompletedBlock1(BlockOption Final, Task<CoapMessage> Response);

    public int ActiveBlock1Transfers => _reassembler.ActiveTransfers;
    public long BufferedBlock1Bytes => _reassembler.BufferedBytes;
    public int CachedRepresentations => _representations.Count;

    public async ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        bool hasBlock1 = message.TryGetOption(CoapOptionNumber.Block1, out var block1Option);
        bool hasBlock2 = message.TryGetOption(CoapOptionNumber.Block2, out var block2Option);
        if (!hasBlock1 && !hasBlock2)
        {
            var plain = await _next.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            return plain.Payload.Length > _limits.MaxBlockSize ? FirstBlock(request, plain, _limits.MaxSizeExponent) : plain;
        }

        if (hasBlock1)
        {
            if (!BlockOption.TryDecode(block1Option.Value.Span, out var block1))
            {
                return CoapResponses.Error(CoapCode.BadOption, "Block1 value longer than 3 bytes");
            }
            uint? size1 = message.TryGetUInt(CoapOptionNumber.Size1, out uint announced) ? announced : null;
            var transfer = (BlockwisePeer.Of(request), RequestKey(message, forBlock1: true));
            var result = _reassembler.Accept(transfer.Item1, transfer.Item2, block1, message.Payload.Span, size1);
            switch (result.Status)
            {
                case Block1Status.Continue:
                    return new CoapMessage { Code = CoapCode.Continue }.AddOption(result.Echo.ToOption(CoapOptionNumber.Block1));
                case Block1Status.Complete:
                    request.Body = result.Body;
                    request.Block1Echo = result.Echo;
                    var answer = RespondAsync(request, hasBlock2, block2Option, cancellationToken).AsTask();
                    _completed.Set(transfer, new CompletedBlock1(block1, answer), _lifetime);
                    return (await answer.ConfigureAwait(false)).Clone();
                case Block1Status.Incomplete when _completed.TryGet(transfer, out var completed) && completed.Final == block1:
                    return (await completed.Response.ConfigureAwait(false)).Clone();
                case Block1Status.Incomplete:
                    return CoapResponses.Error(CoapCode.RequestEntityIncomplete, result.Diagnostic!);
                case Block1Status.TooLarge:
                    return CoapResponses.Error(CoapCode.RequestEntityTooLarge, result.Diagnostic!)
                        .SetUInt(CoapOptionNumber.Size1, (uint)_limits.MaxBodySize);
                case Block1Status.Overloaded:
                    return CoapResponses.ServiceUnavailable(result.Diagnostic!, maxAgeSeconds: 5);
                default:
                    return CoapResponses.Error(CoapCode.BadRequest, result.Diagnostic!);
            }
        }
        return await RespondAsync(request, hasBlock2, block2Option, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request is whole (unblocked, or its Block1 body complete): handle it, and cut the answer into Block2 blocks.</summary>
    private async ValueTask<CoapMessage> RespondAsync(CoapRequest request, bool hasBlock2, CoapOption block2Option, CancellationToken cancellationToken)
    {
        var message = request.Message;
        // A client that sent its body in small Block1 blocks and states no Block2 preference gets the
        // response in blocks of that size too: it evidently cannot take larger frames.
        var block2 = new BlockOption(0, false, request.Block1Echo?.SizeExponent ?? _limits.MaxSizeExponent);
        if (hasBlock2)
        {
            if (!BlockOption.TryDecode(block2Option.Value.Span, out block2) || block2.SizeExponent > BlockOption.MaxSizeExponent)
            {
                return CoapResponses.Error(CoapCode.BadRequest, "Block2 SZX 7 is reserved");
            }
            block2 = block2 with { SizeExponent = Math.Min(block2.SizeExponent, _limits.MaxSizeExponent) };
            if (block2.Number > 0)
            {
                var key = (BlockwisePeer.Of(request), RequestKey(message, forBlock1: false));
                if (_representations.TryGet(key, out var cached))
                {
                    return Slice(cached, block2);
                }
                if (!IsSafe(message.Code))
                {
                    return CoapResponses.Error(CoapCode.RequestEntityIncomplete, $"no representation held for Block2 block {block2.Number}; repeat from block 0");
                }
            }
        }

        var response = await _next.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Payload.Length > block2.Size || block2.Number > 0)
        {
            response = block2.Number == 0 ? FirstBlock(request, response, block2.SizeExponent) : Slice(response, block2);
        }
        if (request.Block1Echo is { } echo)
        {
            // Only the response that completes the Block1 transfer carries the echo, not the Block2 follow-ups.
            response.SetOption(echo.ToOption(CoapOptionNumber.Block1));
        }
        return response;
    }

    private CoapMessage FirstBlock(CoapRequest request, CoapMessage response, int sizeExponent)
    {
        var representation = response.Clone();
        _representations.Set((BlockwisePeer.Of(request), RequestKey(request.Message, forBlock1: false)), representation, _lifetime);
        var first = Slice(representation, new BlockOption(0, false, sizeExponent));
        first.SetUInt(CoapOptionNumber.Size2, (uint)representation.Payload.Length);
        return first;
    }

    private static CoapMessage Slice(CoapMessage representation, BlockOption requested)
    {
        if (!Block2Slicer.TrySlice(representation.Payload, requested.Number, requested.SizeExponent, out var segment, out var block))
        {
            return CoapResponses.Error(CoapCode.BadOption, $"Block2 block {requested.Number} is beyond the {representation.Payload.Length}-byte representation");
        }
        var part = new CoapMessage { Code = representation.Code, Payload = segment };
        foreach (var option in representation.Options)
        {
            if (option.Number is not (CoapOptionNumber.Block2 or CoapOptionNumber.Size2))
            {
                part.AddOption(option);
            }
        }
        return part.AddOption(block.ToOption(CoapOptionNumber.Block2));
    }

    private static bool IsSafe(CoapCode method) => method == CoapCode.Get || method == CoapCode.Fetch;

    /// <summary>
    /// What makes blocks belong to one body or one representation: method and URI (RFC 7959 section 2.4, 2.5),
    /// plus Request-Tag for Block1 (RFC 9175 section 3.3) and Accept for Block2.
    /// </summary>
    internal static string RequestKey(CoapMessage message, bool forBlock1)
    {
        var builder = new StringBuilder(64);
        builder.Append(message.Code.Value);
        foreach (var option in message.Options)
        {
            bool include = option.Number switch
            {
                CoapOptionNumber.UriHost or CoapOptionNumber.UriPort or CoapOptionNumber.UriPath or CoapOptionNumber.UriQuery => true,
                CoapOptionNumber.RequestTag => forBlock1,
                CoapOptionNumber.ContentFormat => forBlock1,
                CoapOptionNumber.Accept => !forBlock1,
                _ => false,
            };
            if (include)
            {
                builder.Append('|').Append(option.Number).Append('=').Append(Convert.ToHexString(option.Value.Span));
            }
        }
        return builder.ToString();
    }
}
