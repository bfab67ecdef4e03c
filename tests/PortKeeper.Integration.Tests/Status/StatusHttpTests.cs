using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>The status page's sign-in, session cookie, dashboard, refusals and silos over plain HTTP against a real node.</summary>
[Collection(StatusCollection.Name)]
public sealed class StatusHttpTests(StatusNode status)
{
    [Fact]
    public async Task the_right_token_sets_an_http_only_same_site_strict_session_cookie_and_leads_to_the_page()
    {
        using var client = StatusNode.Browserless(status.Node);

        using var signedIn = await StatusNode.SignInAsync(client, StatusNode.Token);
        using var page = await client.GetAsync(new Uri("/status", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Equal("/status", signedIn.Headers.Location?.ToString());
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("portkeeper_session=", cookie, StringComparison.Ordinal);
        var flags = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(f => f.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=strict", flags);
        Assert.Contains("path=/", flags);
        // Plain http here: Secure only when the request came over https.
        Assert.DoesNotContain("secure", flags);
        Assert.DoesNotContain(flags, f => f.StartsWith("expires", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/status/status.js", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_wrong_token_gets_the_form_again_with_a_message_and_no_cookie()
    {
        using var client = StatusNode.Browserless(status.Node);

        using var refused = await StatusNode.SignInAsync(client, "wrong-token-0123456789");
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Contains("""<form method="post" action="/status/sign-in" id="sign-in">""", html, StringComparison.Ordinal);
        Assert.Contains("not this node's admin token", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_session_authorizes_admin_reads_and_changes_only_from_the_nodes_own_pages()
    {
        using var client = StatusNode.Browserless(status.Node);
        using var signedIn = await StatusNode.SignInAsync(client, StatusNode.Token);

        using var pools = await client.GetAsync(new Uri("/pools", UriKind.Relative));
        using var foreign = await RepairAsync(client, "http://127.0.0.1:1");
        using var own = await RepairAsync(client, status.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var signedOut = await client.PostAsync(new Uri("/status/sign-out", UriKind.Relative), null);
        using var after = await client.GetAsync(new Uri("/pools", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        Assert.Equal(StatusNode.Range, (await pools.Content.ReadFromJsonAsync<JsonArray>())?[0]?["range"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Found, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task the_dashboard_sends_a_browser_without_a_session_to_sign_in_and_serves_one_with_it()
    {
        using var client = StatusNode.Browserless(status.Node);

        using var page = await GetPageAsync(client, "/dashboard/");
        using var api = await client.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
        using var signedIn = await StatusNode.SignInAsync(client, StatusNode.Token, returnUrl: "/dashboard/");
        using var served = await GetPageAsync(client, "/dashboard/");
        using var counters = await client.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/status?returnUrl=%2Fdashboard%2F", page.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("index.min.js", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        var hosts = (await counters.Content.ReadFromJsonAsync<JsonObject>())?["hosts"]?.AsArray();
        Assert.Contains(hosts!, h => h?["siloAddress"]?.GetValue<string>().StartsWith($"127.0.0.1:{status.Node.SiloPort}@", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example/dashboard/")]
    [InlineData("/pools")]
    public async Task a_sign_in_leads_only_to_the_status_page_or_the_dashboard(string returnUrl)
    {
        using var client = StatusNode.Browserless(status.Node);

        using var signedIn = await StatusNode.SignInAsync(client, StatusNode.Token, returnUrl);

        Assert.Equal("/status", signedIn.Headers.Location?.ToString());
    }

    [Fact]
    public async Task refusals_list_a_refused_proxy_with_the_reason_frps_got_newest_first()
    {
        var first = await status.Node.Http.NewProxyAsync("dave", "old", remotePort: 82);
        var second = await status.Node.Http.NewProxyAsync("dave", "new", "udp", remotePort: 83);

        var refusals = await AdminAsync<JsonArray>("/refusals");

        var mine = refusals.Where(r => r?["user"]?.GetValue<string>() == "dave").ToList();
        Assert.Equal(["dave.new", "dave.old"], mine.Select(r => r!["proxy"]!.GetValue<string>()));
        Assert.Equal(second["reject_reason"]!.GetValue<string>(), mine[0]!["reason"]!.GetValue<string>());
        Assert.Equal(first["reject_reason"]!.GetValue<string>(), mine[1]!["reason"]!.GetValue<string>());
        Assert.Equal(("udp", 83, "default"), (mine[0]!["protocol"]!.GetValue<string>(), mine[0]!["port"]!.GetValue<int>(), mine[0]!["pool"]!.GetValue<string>()));
    }

    [Fact]
    public async Task silos_list_the_nodes_own_silo_as_active()
    {
        var silos = await AdminAsync<JsonArray>("/silos");

        var silo = Assert.Single(silos);
        Assert.StartsWith($"127.0.0.1:{status.Node.SiloPort}@", silo!["address"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Active", silo["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/refusals")]
    [InlineData("/silos")]
    public async Task refusals_and_silos_need_the_token_or_a_session(string path)
    {
        using var anonymous = StatusNode.Browserless(status.Node);

        using var none = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        using var wrong = await status.Node.Http.AdminGetAsync("wrong-token-0123456789", path);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    private async Task<T> AdminAsync<T>(string path)
    {
        using var response = await status.Node.Http.AdminGetAsync(StatusNode.Token, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<HttpResponseMessage> RepairAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/pool/repair", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetPageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }
}
