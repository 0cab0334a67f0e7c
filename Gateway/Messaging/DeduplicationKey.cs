using Eals.Gateway.Transport;

namespace Eals.Gateway.Messaging;

/// <summary>De-duplication is by (peer, Message ID) (RFC 7252 section 4.5).</summary>
public readonly record struct DeduplicationKey(PeerAddress Peer, ushort MessageId);
