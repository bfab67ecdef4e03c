using System.Globalization;
using System.Text.RegularExpressions;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>The duration histograms as a Prometheus server scrapes them from <c>/metrics</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class MetricsTests(GatewayFactory gateway)
{
    private static readonly double[] SecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    [Fact]
    public async Task duration_histograms_have_buckets_in_seconds_and_known_answers_land_below_a_tenth_of_a_second()
    {
        using var client = gateway.CreateClient();
        Assert.NotNull((await client.NewProxyAsync("metrics", "web")).GrantedPort());
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull((await client.NewProxyAsync("metrics", "web")).GrantedPort());
        }

        var text = await client.ScrapeUntilAsync(t =>
            t.Contains("portkeeper_pool_write_duration_seconds_bucket", StringComparison.Ordinal)
            && Buckets(t, "portkeeper_plugin_duration_seconds_bucket", "outcome=\"granted_known\"", require: false)
                .GetValueOrDefault(double.PositiveInfinity) >= 20);

        var known = Buckets(text, "portkeeper_plugin_duration_seconds_bucket", "outcome=\"granted_known\"");
        Assert.Equal(SecondsBuckets, known.Keys.Where(le => !double.IsPositiveInfinity(le)));
        Assert.True(known[0.1] >= 1, $"no known answer within 0.1 s:\n{string.Join('\n', known)}");
        var writes = Buckets(text, "portkeeper_pool_write_duration_seconds_bucket", "");
        Assert.Equal(SecondsBuckets, writes.Keys.Where(le => !double.IsPositiveInfinity(le)));
        Assert.True(writes[double.PositiveInfinity] >= 1, "no pool write recorded");
    }

    // Cumulative count by upper bound of the series of metric whose labels contain filter.
    private static SortedDictionary<double, long> Buckets(string text, string metric, string filter, bool require = true)
    {
        var buckets = new SortedDictionary<double, long>();
        foreach (Match m in BucketLine().Matches(text))
        {
            if (m.Groups["metric"].Value == metric && m.Groups["labels"].Value.Contains(filter, StringComparison.Ordinal))
            {
                var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
                buckets[le] = long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
            }
        }
        Assert.True(!require || buckets.Count > 0, $"no {metric}{{{filter}}} in:\n{text}");
        return buckets;
    }

    [GeneratedRegex("""^(?<metric>\w+)\{(?<labels>[^}]*)le="(?<le>[^"]+)"[^}]*\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}
