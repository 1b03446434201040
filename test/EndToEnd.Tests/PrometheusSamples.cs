using System.Globalization;
using System.Text.RegularExpressions;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The samples of a Prometheus text scrape, read as Prometheus does: a series is its name and its set of labels, in
/// whatever order the exporter writes them.
/// </summary>
public sealed partial class PrometheusSamples
{
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusSamples(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                continue;
            }
            var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            _samples.Add((sample.Groups["name"].Value, labels, value));
        }
    }

    /// <summary>The values of the series named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Values(string name, params (string Key, string Value)[] labels) =>
        [.. _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(s => s.Value)];

    /// <summary>The label sets of every series named <paramref name="name"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> LabelSets(string name) =>
        [.. _samples.Where(s => s.Name == name).Select(s => s.Labels)];

    /// <summary>The one value of that series; fails naming the series when there is none or more than one.</summary>
    public double Single(string name, params (string Key, string Value)[] labels)
    {
        var values = Values(name, labels);
        return values.Count == 1
            ? values[0]
            : throw new Xunit.Sdk.XunitException($"{values.Count} series {name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} in the scrape");
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
