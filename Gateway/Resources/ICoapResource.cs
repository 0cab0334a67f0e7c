using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Resources;

/// <summary>A resource served at one path, optionally advertised in /.well-known/core.</summary>
public interface ICoapResource : ICoapRequestHandler
{
    /// <summary>Path without leading slash, segments separated by '/', e.g. ".well-known/edhoc".</summary>
    string Path { get; }

    /// <summary>How /.well-known/core lists it; null keeps it unlisted.</summary>
    CoapLink? Link { get; }
}
