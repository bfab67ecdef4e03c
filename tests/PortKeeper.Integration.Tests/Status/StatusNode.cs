using System.Net;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>
/// A real node with the admin surface on (<c>--admin-token</c>), shared by the status tests; each test
/// uses users of its own. Tests here give fewer wrong tokens together than the sign-in limit allows.
/// </summary>
public sealed class StatusNode : IAsyncLifetime
{
    public const string Token = "status-admin-token-0123456789";

    public const string Range = "23000-23999";

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-status-").FullName;

    public NodeProcess Node { get; private set; } = null!;

    public Uri BaseAddress => Node.BaseAddress;

    public async Task InitializeAsync() =>
        Node = await StartAsync(_data, "--admin-token", Token);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>A node over <see cref="Range"/> with its data in <paramref name="data"/> and <paramref name="args"/> besides.</summary>
    public static Task<NodeProcess> StartAsync(string data, params string[] args) =>
        NodeProcess.StartAsync(["--allow-ports", Range, "--data-dir", Path.Combine(data, "data"), .. args]);

    /// <summary>An HTTP client of <paramref name="node"/> that keeps cookies and follows no redirects.</summary>
    public static HttpClient Browserless(NodeProcess node, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Posts the sign-in form with <paramref name="token"/>, as a browser does.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token, string? returnUrl = null, bool asPage = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = new Dictionary<string, string> { ["token"] = token };
        if (returnUrl is not null)
        {
            form["returnUrl"] = returnUrl;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/status/sign-in", UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        if (asPage)
        {
            request.Headers.Accept.ParseAdd("text/html");
        }
        return await client.SendAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class StatusCollection : ICollectionFixture<StatusNode>, ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "status";
}
