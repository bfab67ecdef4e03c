using System.Net;
using System.Text;

namespace PortKeeper.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ValidationTests(GatewayFactory gateway)
{
    public static TheoryData<string, string?, string> Faults => new()
    {
        { "not json", "NewProxy", "not valid JSON" },
        { "[]", "NewProxy", "must be a JSON object" },
        { """{"content":{"proxy_name":"v.a","proxy_type":"tcp"}}""", null, "no op" },
        { """{"op":"Bogus","content":{"proxy_name":"v.b","proxy_type":"tcp"}}""", "Bogus", "unknown op 'Bogus'" },
        { """{"op":"NewProxy","content":{"proxy_name":"v.c","proxy_type":"tcp"}}""", "Ping", "differs" },
        { """{"op":"NewProxy"}""", "NewProxy", "no \"content\"" },
        { """{"op":"NewProxy","content":"x"}""", "NewProxy", "must be an object" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_type":"tcp"}}""", "NewProxy", "proxy_name" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":["v.d"],"proxy_type":"tcp"}}""", "NewProxy", "proxy_name" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.e"}}""", "NewProxy", "proxy_type" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.f","proxy_type":1}}""", "NewProxy", "proxy_type" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.g","proxy_type":"tcp","remote_port":"6001"}}""", "NewProxy", "remote_port" },
        { """{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.h","proxy_type":"tcp","remote_port":70000}}""", "NewProxy", "remote_port" },
        { """{"op":"NewProxy","content":{"user":"v","proxy_name":"v.i","proxy_type":"tcp"}}""", "NewProxy", "\"user\"" },
        { """{"op":"NewProxy","content":{"user":{"user":false},"proxy_name":"v.j","proxy_type":"tcp"}}""", "NewProxy", "user.user" },
        { $$$"""{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.{{{new string('k', 400)}}}","proxy_type":"tcp"}}""", "NewProxy", "at most 400 characters" },
        { $$$"""{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.k","proxy_type":"tcp","group":"{{{new string('g', 401)}}}"}}""", "NewProxy", "at most 400 characters" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task structural_fault_gets_400_validateerr_and_allocates_nothing(string body, string? op, string expected)
    {
        var before = await gateway.PoolAsync();

        var (status, answer) = await gateway.PostAsync(body, op);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["error", "message"], answer.Select(p => p.Key));
        Assert.Equal("VALIDATEERR", answer["error"]!.GetValue<string>());
        Assert.Contains(expected, answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await gateway.PoolAsync());
        foreach (var name in new[] { "v.a", "v.b", "v.c", "v.d", "v.e", "v.f", "v.g", "v.h", "v.i", "v.j", "v.k" })
        {
            Assert.Null(await gateway.LeaseAsync($"tcp/proxy/{name}"));
        }
    }

    [Fact]
    public async Task body_over_the_limit_gets_400_validateerr()
    {
        var padding = new string('x', 70_000);
        var body = $$$"""{"op":"NewProxy","content":{"user":{"user":"v"},"proxy_name":"v.big","proxy_type":"tcp","pad":"{{{padding}}}"}}""";

        var (status, answer) = await gateway.PostAsync(body, "NewProxy");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("VALIDATEERR", answer["error"]!.GetValue<string>());
        Assert.Contains("65536", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await gateway.LeaseAsync("tcp/proxy/v.big"));
    }

    [Fact]
    public async Task body_over_the_limit_without_content_length_gets_400_validateerr()
    {
        using var client = gateway.CreateClient();
        var bytes = Encoding.UTF8.GetBytes($$$"""{"op":"NewProxy","content":{"proxy_name":"v.chunked","proxy_type":"tcp","pad":"{{{new string('x', 70_000)}}}"}}""");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHost.PluginPath + "?op=NewProxy") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("VALIDATEERR", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
