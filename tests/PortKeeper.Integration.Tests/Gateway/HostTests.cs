using System.Net;

namespace PortKeeper.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class HostTests(GatewayFactory gateway)
{
    [Fact]
    public async Task ping_answers_pong_as_text()
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(new Uri("/ping", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task metrics_count_answers_by_outcome_in_prometheus_format()
    {
        using var client = gateway.CreateClient();
        await gateway.PostAsync(FrpFixtures.Text("newproxy-http.json"), "NewProxy");

        // An answer is counted, then timed: a scrape between the two sees the count alone.
        var text = await client.ScrapeUntilAsync(t => t.Contains("outcome=\"unchanged\"", StringComparison.Ordinal)
            && t.Contains("portkeeper_plugin_duration_seconds_bucket", StringComparison.Ordinal));

        Assert.Contains("portkeeper_plugin_answers_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"unchanged\"", text, StringComparison.Ordinal);
        Assert.Contains("portkeeper_plugin_duration_seconds_bucket", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    public async Task health_endpoint_is_healthy(string path)
    {
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", GatewayHost.PluginPath, HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", GatewayHost.PluginPath, HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/nowhere", HttpStatusCode.NotFound)]
    [InlineData("POST", "/nowhere", HttpStatusCode.NotFound)]
    public async Task other_requests_get_problem_details_not_html(string method, string path, HttpStatusCode expected)
    {
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
