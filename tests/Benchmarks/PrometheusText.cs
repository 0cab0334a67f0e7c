using System.Globalization;

namespace Eals.Benchmarks;

/// <summary>
/// Samples of a Prometheus text exposition (<c>name{label="value",...} value [timestamp]</c>), keyed by metric
/// name and then by label set. Scrapes of several processes add up (<see cref="Add"/>); <see cref="Minus"/> gives the
/// counters' increase between two scrapes.
/// </summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, Dictionary<string, double>> _samples = new(StringComparer.Ordinal);

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string name, labels, rest;
            if (brace >= 0 && (space < 0 || brace < space))
            {
                int close = line.LastIndexOf('}');
                if (close < brace)
                {
                    continue;
                }
                name = line[..brace];
                labels = line[(brace + 1)..close];
                rest = line[(close + 1)..].Trim();
            }
            else if (space > 0)
            {
                name = line[..space];
                labels = "";
                rest = line[(space + 1)..].Trim();
            }
            else
            {
                continue;
            }
            string number = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                parsed.Set(name, labels, value);
            }
        }
        return parsed;
    }

    public bool Has(string name) => _samples.ContainsKey(name);

    /// <summary>Every sample of <paramref name="name"/>: its labels (name to value) and value.</summary>
    public IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string name) =>
        _samples.TryGetValue(name, out var series) ? series.Select(s => ((IReadOnlyDictionary<string, string>)Labels(s.Key), s.Value)) : [];

    /// <summary>The sum over all label sets of <paramref name="name"/>, or null when it is absent.</summary>
    public double? Total(string name) => _samples.TryGetValue(name, out var series) ? series.Values.Sum() : null;

    /// <summary>The sum over the samples of <paramref name="name"/> whose <paramref name="label"/> is <paramref name="value"/>.</summary>
    public double? Total(string name, string label, string value) =>
        _samples.ContainsKey(name) ? Samples(name).Where(s => s.Labels.TryGetValue(label, out var v) && v == value).Sum(s => s.Value) : null;

    /// <summary>The sums of <paramref name="name"/> grouped by the values of <paramref name="labels"/> (missing ones as "").</summary>
    public IReadOnlyList<(string Key, double Value)> By(string name, params string[] labels) =>
        [.. Samples(name)
            .GroupBy(s => string.Join(" ", labels.Select(l => s.Labels.TryGetValue(l, out var v) ? v : "")), StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .OrderByDescending(g => g.Item2)];

    /// <summary>Adds the samples of <paramref name="other"/> (another process's scrape) to these.</summary>
    public void Add(PrometheusText other)
    {
        foreach (var (name, series) in other._samples)
        {
            foreach (var (labels, value) in series)
            {
                Set(name, labels, Get(name, labels) + value);
            }
        }
    }

    /// <summary>This scrape less <paramref name="before"/>, sample by sample (a sample absent before counts from 0).</summary>
    public PrometheusText Minus(PrometheusText before)
    {
        var delta = new PrometheusText();
        foreach (var (name, series) in _samples)
        {
            foreach (var (labels, value) in series)
            {
                delta.Set(name, labels, value - before.Get(name, labels));
            }
        }
        return delta;
    }

    private double Get(string name, string labels) =>
        _samples.TryGetValue(name, out var series) && series.TryGetValue(labels, out double value) ? value : 0;

    private void Set(string name, string labels, double value)
    {
        if (!_samples.TryGetValue(name, out var series))
        {
            _samples[name] = series = new(StringComparer.Ordinal);
        }
        series[labels] = value;
    }

    private static Dictionary<string, string> Labels(string labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < labels.Length)
        {
            int equals = labels.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= labels.Length || labels[equals + 1] != '"')
            {
                break;
            }
            string key = labels[i..equals].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            int j = equals + 2;
            for (; j < labels.Length && labels[j] != '"'; j++)
            {
                if (labels[j] == '\\' && j + 1 < labels.Length)
                {
                    j++;
                }
                value.Append(labels[j]);
            }
            result[key] = value.ToString();
            i = j + 1;
        }
        return result;
    }
}
