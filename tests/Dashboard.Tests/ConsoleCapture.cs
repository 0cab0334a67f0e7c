using System.Text;

namespace Eals.Dashboard.Tests;

/// <summary>
/// Stands in for the console while a test runs: other threads (hosts, other test classes) keep writing
/// to Console.Out, so reads take the same lock as writes (a StringWriter read mid-append throws).
/// </summary>
public sealed class ConsoleCapture : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate) _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate) _text.Append(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate) _text.Append(value).Append(NewLine);
    }

    /// <summary>Everything written so far.</summary>
    public override string ToString()
    {
        lock (_gate) return _text.ToString();
    }
}
