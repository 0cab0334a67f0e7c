using System.Text;

namespace Eals.Protocol.Coap;

/// <summary>
/// A CoAP message (RFC 7252 section 3). Options are kept in the wire order: ascending by number, with
/// repeated options in the order they were added. Token, option values and payload may be slices of the
/// datagram they were parsed from; the owner of that buffer must keep it alive while the message is used.
/// </summary>
public sealed class CoapMessage : IEquatable<CoapMessage>
{
    private readonly List<CoapOption> _options;

    public CoapMessage()
    {
        _options = new List<CoapOption>(4);
    }

    internal CoapMessage(List<CoapOption> sortedOptions)
    {
        _options = sortedOptions;
    }

    public CoapMessageType Type { get; set; }
    public CoapCode Code { get; set; }
    public ushort MessageId { get; set; }
    public ReadOnlyMemory<byte> Token { get; set; }
    public ReadOnlyMemory<byte> Payload { get; set; }

    public IReadOnlyList<CoapOption> Options => _options;

    public bool IsEmpty => Code.IsEmpty;
    public bool IsRequest => Code.IsRequest;
    public bool IsResponse => Code.IsResponse;

    public static CoapMessage Request(CoapMessageType type, CoapCode method, string path = "", ReadOnlyMemory<byte> token = default)
    {
        var message = new CoapMessage { Type = type, Code = method, Token = token };
        message.SetPath(path);
        return message;
    }

    /// <summary>Inserts an option after any existing options of the same or lower number (wire order).</summary>
    public CoapMessage AddOption(CoapOption option)
    {
        int index = _options.Count;
        while (index > 0 && _options[index - 1].Number > option.Number)
        {
            index--;
        }
        _options.Insert(index, option);
        return this;
    }

    public CoapMessage AddOption(ushort number, ReadOnlyMemory<byte> value) => AddOption(new CoapOption(number, value));

    /// <summary>Replaces every instance of the option with one instance.</summary>
    public CoapMessage SetOption(CoapOption option)
    {
        RemoveOption(option.Number);
        return AddOption(option);
    }

    public CoapMessage SetUInt(ushort number, uint value) => SetOption(CoapOption.FromUInt(number, value));

    public int RemoveOption(ushort number) => _options.RemoveAll(o => o.Number == number);

    public bool HasOption(ushort number)
    {
        foreach (var option in _options)
        {
            if (option.Number == number)
            {
                return true;
            }
        }
        return false;
    }

    public bool TryGetOption(ushort number, out CoapOption option)
    {
        foreach (var candidate in _options)
        {
            if (candidate.Number == number)
            {
                option = candidate;
                return true;
            }
            if (candidate.Number > number)
            {
                break;
            }
        }
        option = default;
        return false;
    }

    public IEnumerable<CoapOption> GetOptions(ushort number) => _options.Where(o => o.Number == number);

    public bool TryGetUInt(ushort number, out uint value)
    {
        value = 0;
        return TryGetOption(number, out var option) && option.TryGetUInt(out value);
    }

    public uint? ContentFormat => TryGetUInt(CoapOptionNumber.ContentFormat, out var v) ? v : null;
    public uint? Accept => TryGetUInt(CoapOptionNumber.Accept, out var v) ? v : null;

    /// <summary>The Uri-Path options joined by '/', without a leading slash ("" for the root).</summary>
    public string GetPath()
    {
        var builder = new StringBuilder();
        foreach (var option in _options)
        {
            if (option.Number == CoapOptionNumber.UriPath)
            {
                if (builder.Length > 0)
                {
                    builder.Append('/');
                }
                builder.Append(Encoding.UTF8.GetString(option.Value.Span));
            }
        }
        return builder.ToString();
    }

    /// <summary>Sets Uri-Path options from a path such as "/.well-known/core" (one option per segment).</summary>
    public CoapMessage SetPath(string path)
    {
        RemoveOption(CoapOptionNumber.UriPath);
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            AddOption(CoapOption.FromString(CoapOptionNumber.UriPath, segment));
        }
        return this;
    }

    public IEnumerable<string> GetQueries() => GetOptions(CoapOptionNumber.UriQuery).Select(o => o.GetString());

    public bool Equals(CoapMessage? other)
    {
        if (other is null)
        {
            return false;
        }
        return Type == other.Type && Code == other.Code && MessageId == other.MessageId
            && Token.Span.SequenceEqual(other.Token.Span)
            && Payload.Span.SequenceEqual(other.Payload.Span)
            && _options.SequenceEqual(other._options);
    }

    public override bool Equals(object? obj) => Equals(obj as CoapMessage);

    public override int GetHashCode() => HashCode.Combine(Type, Code, MessageId, _options.Count, Payload.Length);

    /// <summary>A deep copy that owns its bytes, independent of any receive buffer.</summary>
    public CoapMessage Clone()
    {
        var options = new List<CoapOption>(_options.Count);
        foreach (var option in _options)
        {
            options.Add(new CoapOption(option.Number, option.Value.ToArray()));
        }
        return new CoapMessage(options)
        {
            Type = Type,
            Code = Code,
            MessageId = MessageId,
            Token = Token.ToArray(),
            Payload = Payload.ToArray(),
        };
    }

    public override string ToString()
        => $"{Type} {Code} mid={MessageId} token={Convert.ToHexString(Token.Span)} [{string.Join(", ", _options)}] payload={Payload.Length}B";
}
