using PortKeeper.Integration.Tests.Processes;
using PuppeteerSharp;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>The status page as an operator uses it, in headless Chromium against a real node.</summary>
[Collection(StatusCollection.Name)]
public sealed class StatusPageBrowserTests(StatusNode status, ChromiumBrowser chromium)
{
    // A name that runs script if it is ever put into the page as markup.
    private const string Markup = """<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>""";

    [Fact]
    public async Task an_operator_signs_in_searches_a_user_and_sees_its_proxys_port()
    {
        var ssh = (await status.Node.Http.NewProxyAsync("alice", "ssh")).GrantedPort();
        await status.Node.Http.NewProxyAsync("alice", "dns", "udp");
        await using var page = await chromium.NewPageAsync();

        await SignInAsync(page, StatusNode.Token);
        await SearchAsync(page, "alice");
        // The unfiltered table (other tests' proxies too) stays until the search's answer replaces it.
        await page.WaitForFunctionAsync("""
            () => { const rows = Array.from(document.querySelectorAll('#lease-table tbody tr'));
                    return rows.length > 0 && rows.every(r => r.cells[0].textContent === 'alice'); }
            """);

        var row = await RowAsync(page, "#lease-table", "alice.ssh");
        Assert.Equal(["alice", "alice.ssh", "tcp", $"{ssh}", "online"], row[..5]);
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#lease-table tbody tr').length"));
        Assert.Contains("2 leases shown: 2 online, 0 offline", await TextAsync(page, "#lease-summary"), StringComparison.Ordinal);
        Assert.Contains(StatusNode.Range, await TextAsync(page, "#pools"), StringComparison.Ordinal);
        Assert.Contains("Active", await TextAsync(page, "#silo-table"), StringComparison.Ordinal);
        Assert.Equal("none", await TextAsync(page, "#reservations"));
    }

    [Fact]
    public async Task a_wrong_token_shows_the_form_again_with_a_message_and_sets_no_cookie()
    {
        await using var page = await chromium.NewPageAsync();

        await SignInAsync(page, "not-the-token-0123456789");

        Assert.Contains("not this node's admin token", await TextAsync(page, "#sign-in-error"), StringComparison.Ordinal);
        Assert.NotNull(await page.QuerySelectorAsync("form#sign-in input#token"));
        Assert.Empty(await page.GetCookiesAsync(status.BaseAddress.ToString()));
    }

    [Fact]
    public async Task a_refused_proxy_appears_in_recent_refusals_with_its_reason()
    {
        var refused = await status.Node.Http.NewProxyAsync("bob", "web", remotePort: 80);
        var reason = refused["reject_reason"]!.GetValue<string>();
        await using var page = await chromium.NewPageAsync();

        await SignInAsync(page, StatusNode.Token);

        var row = await RowAsync(page, "#refusal-table", "bob.web");
        Assert.Equal(["default", "bob", "bob.web", "tcp", "80", reason], row[1..]);
    }

    [Fact]
    public async Task names_made_of_markup_are_shown_as_text_and_run_nothing()
    {
        var name = $"mallory.{Markup}";
        var port = (await status.Node.Http.NewProxyAsync("mallory", Markup)).GrantedPort();
        await status.Node.Http.NewProxyAsync("mallory", Markup, remotePort: 81);
        await using var page = await chromium.NewPageAsync();

        await SignInAsync(page, StatusNode.Token);
        await SearchAsync(page, "mallory");

        var lease = await RowAsync(page, "#lease-table", name);
        var refusal = await RowAsync(page, "#refusal-table", name);
        Assert.Equal(name, lease[1]);
        Assert.Equal($"{port}", lease[3]);
        Assert.Equal(name, refusal[3]);
        Assert.Contains(name, refusal[6], StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('main img, main script').length"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.__xss === undefined"));
    }

    [Fact]
    public async Task the_signed_in_page_with_a_few_leases_makes_a_screenshot()
    {
        foreach (var (name, type) in new[] { ("nas", "tcp"), ("ssh", "tcp"), ("cam", "tcp"), ("vpn", "udp") })
        {
            await status.Node.Http.NewProxyAsync("carol", name, type);
        }
        await status.Node.Http.CloseProxyAsync("carol", "cam");
        await status.Node.Http.NewProxyAsync("carol", "mail", remotePort: 25);
        await using var page = await chromium.NewPageAsync();

        await SignInAsync(page, StatusNode.Token);
        await SearchAsync(page, "carol");
        await RowAsync(page, "#lease-table", "carol.vpn");
        var shot = Path.Combine(AppContext.BaseDirectory, "status-page.png");
        await page.ScreenshotAsync(shot, new ScreenshotOptions { FullPage = true });

        // PORTKEEPER_STATUS_SCREENSHOT=docs/status-page.png (from the repository's root) renews the docs' picture.
        if (Environment.GetEnvironmentVariable("PORTKEEPER_STATUS_SCREENSHOT") is { Length: > 0 } docs)
        {
            File.Copy(shot, docs, overwrite: true);
        }
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(shot)[..4]);
    }

    // Opens /status, types the token into the form and submits it; the page (or the form again) has loaded.
    private async Task SignInAsync(IPage page, string token)
    {
        await page.GoToAsync(new Uri(status.BaseAddress, "/status").ToString());
        await page.TypeAsync("#token", token);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#sign-in button[type=submit]"));
        if (token == StatusNode.Token)
        {
            await page.WaitForSelectorAsync("body[data-ready=true]");
        }
    }

    private static async Task SearchAsync(IPage page, string user)
    {
        await page.TypeAsync("#user", user);
        await page.ClickAsync("#search-button");
    }

    // The cells' text of the first row of the table whose text holds <paramref name="text"/>, once there is one.
    private static async Task<string[]> RowAsync(IPage page, string table, string text)
    {
        const string find = """
            (table, text) => Array.from(document.querySelectorAll(`${table} tbody tr`))
                .map(r => Array.from(r.cells).map(c => c.textContent))
                .find(cells => cells.includes(text)) || null
            """;
        await page.WaitForFunctionAsync(find, table, text);
        return await page.EvaluateFunctionAsync<string[]>(find, table, text);
    }

    private static Task<string> TextAsync(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s)?.textContent ?? ''", selector);
}
