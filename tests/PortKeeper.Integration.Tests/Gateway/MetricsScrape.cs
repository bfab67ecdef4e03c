namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>Scrapes of <c>/metrics</c>, which the Prometheus exporter caches briefly.</summary>
public static class MetricsScrape
{
    /// <summary>Scrapes until <paramref name="done"/> holds for the text (a cached scrape may predate the requests); fails after 30 s.</summary>
    public static async Task<string> ScrapeUntilAsync(this HttpClient client, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (done(text))
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, $"/metrics did not show what was expected within 30 s:\n{text}");
            await Task.Delay(100);
        }
    }
}
