using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>
/// Status tests that each need a node of their own: the limit of wrong tokens (which holds for every
/// test that comes from 127.0.0.1), and a node without <c>--admin-token</c>.
/// </summary>
public sealed class StatusOwnNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-status-limit-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task ten_wrong_tokens_in_a_minute_get_every_token_of_that_address_429_with_retry_after_while_a_session_goes_on()
    {
        await using var node = await StatusNode.StartAsync(_data, "--admin-token", StatusNode.Token);
        using var session = StatusNode.Browserless(node);
        using var signedIn = await StatusNode.SignInAsync(session, StatusNode.Token);
        using var anonymous = StatusNode.Browserless(node);

        var wrong = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var bearer = await node.Http.AdminGetAsync($"wrong-token-{attempt:D16}", "/pools");
            using var form = await StatusNode.SignInAsync(anonymous, $"wrong-form-{attempt:D16}");
            wrong.AddRange([bearer.StatusCode, form.StatusCode]);
        }
        using var rightBearer = await node.Http.AdminGetAsync(StatusNode.Token, "/pools");
        using var rightForm = await StatusNode.SignInAsync(anonymous, StatusNode.Token);
        using var rightPage = await StatusNode.SignInAsync(anonymous, StatusNode.Token, asPage: true);
        using var stillSignedIn = await session.GetAsync(new Uri("/pools", UriKind.Relative));

        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightBearer.StatusCode);
        Assert.Equal("application/problem+json", rightBearer.Content.Headers.ContentType?.MediaType);
        var problem = await rightBearer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(429, problem?["status"]?.GetValue<int>());
        Assert.Contains("10 wrong admin tokens came from this address within 60 s", problem?["detail"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(RetryAfter(rightBearer), 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightForm.StatusCode);
        Assert.Equal("application/problem+json", rightForm.Content.Headers.ContentType?.MediaType);
        Assert.InRange(RetryAfter(rightForm), 1, 60);
        Assert.False(rightForm.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightPage.StatusCode);
        Assert.Contains("""id="sign-in-error">10 wrong admin tokens""", await rightPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(rightPage.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    [Fact]
    public async Task without_an_admin_token_the_page_and_the_dashboard_say_the_admin_surface_is_off()
    {
        await using var node = await StatusNode.StartAsync(_data);
        using var client = StatusNode.Browserless(node);

        using var page = await client.GetAsync(new Uri("/status", UriKind.Relative));
        using var signIn = await StatusNode.SignInAsync(client, StatusNode.Token);
        using var dashboard = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        using var refusals = await client.GetAsync(new Uri("/refusals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("The admin surface of this node is off (403)", html, StringComparison.Ordinal);
        Assert.Contains("--admin-token", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        Assert.Contains("--admin-token", (await dashboard.Content.ReadFromJsonAsync<JsonObject>())?["detail"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusals.StatusCode);
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        (int)(response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("no Retry-After")).TotalSeconds;
}
