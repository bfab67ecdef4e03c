using System.Text;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Core.Tests.Plugin;

public sealed class PluginRequestsTests
{
    private const string Tcp = """{"user":{"user":"u","metas":null,"run_id":"r"},"proxy_name":"u.ssh","proxy_type":"tcp"}""";

    public static TheoryData<string, string?, string> Faults => new()
    {
        { "", null, "not valid JSON" },
        { "nope", null, "not valid JSON" },
        { """{"op":"NewProxy","content":""", null, "not valid JSON" },
        { """{"op":"NewProxy","op":"Ping","content":{}}""", null, "the key 'op' twice" },
        { "[1,2]", null, "must be a JSON object" },
        { "\"NewProxy\"", null, "must be a JSON object" },
        { "null", null, "must be a JSON object" },
        { """{"content":{}}""", null, "no op" },
        { """{"content":{}}""", "", "no op" },
        { $$"""{"op":"NewProxy","content":{{Tcp}}}""", "CloseProxy", "differs" },
        { """{"op":"Frobnicate","content":{}}""", null, "unknown op 'Frobnicate'" },
        { """{"content":{}}""", "Frobnicate", "unknown op 'Frobnicate'" },
        { """{"op":"newproxy","content":{}}""", null, "unknown op 'newproxy'" },
        { """{"op":"Login,Ping","content":{}}""", null, "unknown op" },
        { """{"op":"1","content":{}}""", null, "unknown op" },
        { """{"op":7,"content":{}}""", null, "\"op\" must be a string" },
        { """{"op":"NewProxy"}""", null, "has no \"content\"" },
        { """{"op":"Login","content":null}""", null, "has no \"content\"" },
        { """{"op":"NewProxy","content":[]}""", null, "must be an object" },
        { """{"op":"NewProxy","content":{"proxy_type":"tcp"}}""", null, "content.proxy_name\" is missing" },
        { """{"op":"NewProxy","content":{"proxy_name":5,"proxy_type":"tcp"}}""", null, "content.proxy_name\" must be a string" },
        { """{"op":"NewProxy","content":{"proxy_name":"","proxy_type":"tcp"}}""", null, "content.proxy_name\" is empty" },
        { """{"op":"NewProxy","content":{"proxy_name":"a"}}""", null, "content.proxy_type\" is missing" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":true}}""", null, "content.proxy_type\" must be a string" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":""}}""", null, "content.proxy_type\" is empty" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","remote_port":"6000"}}""", null, "remote_port" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","remote_port":65536}}""", null, "remote_port" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","remote_port":-1}}""", null, "remote_port" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","remote_port":6000.5}}""", null, "remote_port" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","remote_port":1e20}}""", null, "remote_port" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","user":"bob"}}""", null, "\"user\" of proxy 'a' must be an object" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","user":{"user":5}}}""", null, "\"user.user\" of proxy 'a' must be a string" },
        { """{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp","group":5}}""", null, "\"group\" of proxy 'a' must be a string" },
        { """{"op":"CloseProxy","content":{"user":{"user":"u"}}}""", null, "content.proxy_name\" is missing" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void structural_fault_is_invalid_with_a_message_saying_what_is_wrong(string body, string? queryOp, string expected)
    {
        var invalid = Assert.IsType<PluginRequest.Invalid>(Parse(body, queryOp));

        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void invalid_utf8_is_invalid() =>
        Assert.IsType<PluginRequest.Invalid>(PluginRequests.Parse([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d], "NewProxy"));

    [Fact]
    public void too_large_names_the_limit() =>
        Assert.Contains("65536", Assert.IsType<PluginRequest.Invalid>(PluginRequests.TooLarge(65536)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("closeproxy.json", typeof(PluginRequest.CloseProxy))]
    [InlineData("login.json", typeof(PluginRequest.Passthrough))]
    [InlineData("ping.json", typeof(PluginRequest.Ping))]
    [InlineData("newproxy-http.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-no-user.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-stcp.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-tcp-explicit-port.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-tcp-group.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-tcp-no-port.json", typeof(PluginRequest.NewProxy))]
    [InlineData("newproxy-udp-wireguard.json", typeof(PluginRequest.NewProxy))]
    public void fixture_parses_into_its_request(string file, Type expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "frp", file));
        var op = Assert.IsType<string>(System.Text.Json.Nodes.JsonNode.Parse(bytes)!["op"]!.GetValue<string>());

        Assert.IsType(expected, PluginRequests.Parse(bytes, op));
    }

    [Fact]
    public void tcp_fixture_with_a_port_reads_every_field()
    {
        var proxy = Assert.IsType<PluginRequest.NewProxy>(Parse(
            """{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"laptop","metas":null,"run_id":"9e"},"proxy_name":"laptop.rdp","proxy_type":"tcp","remote_port":6100,"extra":[1]}}""",
            "NewProxy"));

        Assert.Equal(("laptop.rdp", "tcp", null, 6100, "laptop"), (proxy.ProxyName, proxy.ProxyType, proxy.Group, proxy.RemotePort, proxy.User));
        Assert.Equal(["user", "proxy_name", "proxy_type", "remote_port", "extra"], proxy.Content.Select(p => p.Key));
    }

    [Theory]
    [InlineData("""{"content":{"proxy_name":"a","proxy_type":"tcp"}}""", "NewProxy")]
    [InlineData("""{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp"}}""", null)]
    [InlineData("""{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp"}}""", "")]
    [InlineData("""{"op":"NewProxy","content":{"proxy_name":"a","proxy_type":"tcp"}}""", "NewProxy")]
    public void op_in_the_body_or_the_query_or_both_alike_is_read(string body, string? queryOp) =>
        Assert.IsType<PluginRequest.NewProxy>(Parse(body, queryOp));

    [Theory]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","remote_port":0}""", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","remote_port":null}""", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp"}""", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","remote_port":65535}""", 65535)]
    [InlineData("""{"proxy_name":"a","proxy_type":"udp","remote_port":1}""", 1)]
    public void remote_port_zero_or_absent_means_not_set(string content, int? expected) =>
        Assert.Equal(expected, Assert.IsType<PluginRequest.NewProxy>(Parse($$"""{"op":"NewProxy","content":{{content}}}""", null)).RemotePort);

    [Theory]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp"}""", "", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","user":null,"group":null}""", "", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","user":{"metas":null},"group":""}""", "", null)]
    [InlineData("""{"proxy_name":"a","proxy_type":"tcp","user":{"user":"bob"},"group":"g"}""", "bob", "g")]
    public void user_and_group_are_optional(string content, string user, string? group)
    {
        var proxy = Assert.IsType<PluginRequest.NewProxy>(Parse($$"""{"op":"NewProxy","content":{{content}}}""", null));

        Assert.Equal((user, group), (proxy.User, proxy.Group));
    }

    [Theory]
    [InlineData("Login", PluginOp.Login)]
    [InlineData("NewWorkConn", PluginOp.NewWorkConn)]
    [InlineData("NewUserConn", PluginOp.NewUserConn)]
    public void other_ops_pass_through(string op, PluginOp expected) =>
        Assert.Equal(new PluginRequest.Passthrough(expected), Parse($$$"""{"op":"{{{op}}}","content":{"anything":1}}""", op));

    [Theory]
    [InlineData("""{"op":"Ping","content":{"user":{"user":"myiphone","metas":null,"run_id":"5c4b"},"privilege_key":"77aa","timestamp":1}}""", "myiphone", "5c4b")]
    [InlineData("""{"op":"Ping","content":{"privilege_key":"77aa"}}""", "", "")]
    [InlineData("""{"op":"Ping","content":{"user":{"user":7,"run_id":["x"]}}}""", "", "")]
    public void ping_names_its_user_and_session_when_it_carries_them(string body, string user, string runId) =>
        Assert.Equal(new PluginRequest.Ping(user, runId), Parse(body, "Ping"));

    private static PluginRequest Parse(string body, string? queryOp) => PluginRequests.Parse(Encoding.UTF8.GetBytes(body), queryOp);

    [Fact]
    public void close_proxy_fixture_names_its_user_and_session() =>
        Assert.Equal(
            new PluginRequest.CloseProxy("myiphone.ssh", "5c4b1c8b0a2e7f31", "myiphone"),
            PluginRequests.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "frp", "closeproxy.json")), "CloseProxy"));
}
