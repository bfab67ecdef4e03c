namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>Scrapes of <c>/metrics</c>, which the Prometheus exporter caches briefly.</summary>
public static class MetricsScrape
{
    /// <summary>Scrapes until <paramref name="done"/> holds for the text (a cached scrape may predate the requests); fails after <see cref="Deadlines.Quick"/>.</summary>
    public static Task<string> ScrapeUntilAsync(this HttpClient client, Func<string, bool> done) => Deadlines.UntilAsync(
        () => client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), done, Deadlines.Quick, text => $"/metrics to show what was expected; it showed:\n{text}");
}
