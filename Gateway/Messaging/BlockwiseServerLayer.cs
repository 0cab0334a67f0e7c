using System.Text;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>
/// Block-wise transfer for the server side (RFC 7959): reassembles Block1 request bodies (2.31 Continue,
/// 4.08, 4.13 with Size1), and cuts large responses into Block2 blocks, keeping the representation for the
/// follow-up requests (re-generating it for safe methods when it is no longer held).
/// The final block of a finished Block1 transfer that arrives again under a new Message ID (a join proxy
/// relays each retransmission as a new NON, so de-duplication cannot catch it) gets the answer of the
/// first one, not 4.08: the body is not handled twice and the pledge is not told its transfer failed.
/// The state lives in an <see cref="IBlockwiseStore"/>: this process's, or one the cluster's gateways share.
/// </summary>
public sealed class BlockwiseServerLayer : ICoapRequestHandler
{
    private readonly ICoapRequestHandler _next;
    private readonly BlockwiseLimits _limits;
    private readonly IBlockwiseStore _store;

    public BlockwiseServerLayer(ICoapRequestHandler next, CoapEndpointOptions options, TimeProvider time, IBlockwiseStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _limits = options.Blockwise;
        _store = store ?? new LocalBlockwiseStore(options, time);
    }

    public async ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        var message = request.Message;
        bool hasBlock1 = message.TryGetOption(CoapOptionNumber.Block1, out var block1Option);
        bool hasBlock2 = message.TryGetOption(CoapOptionNumber.Block2, out var block2Option);
        if (!hasBlock1 && !hasBlock2)
        {
            var plain = await _next.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            return plain.Payload.Length > _limits.MaxBlockSize ? await FirstBlockAsync(request, plain, _limits.MaxSizeExponent).ConfigureAwait(false) : plain;
        }

        if (hasBlock1)
        {
            if (!BlockOption.TryDecode(block1Option.Value.Span, out var block1))
            {
                return CoapResponses.Error(CoapCode.BadOption, "Block1 value longer than 3 bytes");
            }
            uint? size1 = message.TryGetUInt(CoapOptionNumber.Size1, out uint announced) ? announced : null;
            var peer = BlockwisePeer.Of(request);
            var step = await _store.AcceptBlock1Async(peer, RequestKey(message, forBlock1: true), block1, message.Payload, size1).ConfigureAwait(false);
            if (step.Answer is { } answered)
            {
                return answered;
            }
            var result = step.Result;
            switch (result.Status)
            {
                case Block1Status.Continue:
                    return new CoapMessage { Code = CoapCode.Continue }.AddOption(result.Echo.ToOption(CoapOptionNumber.Block1));
                case Block1Status.Complete:
                    request.Body = result.Body;
                    request.Block1Echo = result.Echo;
                    return await AnswerCompletedAsync(request, peer, step.Completion, hasBlock2, block2Option, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Handles a completed Block1 body and stores the answer before it leaves, so a repeated final block finds it.</summary>
    private async ValueTask<CoapMessage> AnswerCompletedAsync(CoapRequest request, BlockwisePeer peer, long completion, bool hasBlock2, CoapOption block2Option, CancellationToken cancellationToken)
    {
        CoapMessage answer;
        try
        {
            answer = await RespondAsync(request, hasBlock2, block2Option, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Repeats waiting for this answer are released (they get 4.08, and the client starts over).
            await _store.AnswerBlock1Async(peer, completion, null).ConfigureAwait(false);
            throw;
        }
        await _store.AnswerBlock1Async(peer, completion, answer).ConfigureAwait(false);
        return answer;
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
                var held = await _store.FindRepresentationAsync(BlockwisePeer.Of(request), RequestKey(message, forBlock1: false)).ConfigureAwait(false);
                if (held is not null)
                {
                    return Slice(held, block2);
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
            response = block2.Number == 0 ? await FirstBlockAsync(request, response, block2.SizeExponent).ConfigureAwait(false) : Slice(response, block2);
        }
        if (request.Block1Echo is { } echo)
        {
            // Only the response that completes the Block1 transfer carries the echo, not the Block2 follow-ups.
            response.SetOption(echo.ToOption(CoapOptionNumber.Block1));
        }
        return response;
    }

    private async ValueTask<CoapMessage> FirstBlockAsync(CoapRequest request, CoapMessage response, int sizeExponent)
    {
        var representation = response.Clone();
        await _store.KeepRepresentationAsync(BlockwisePeer.Of(request), RequestKey(request.Message, forBlock1: false), representation).ConfigureAwait(false);
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
