using System.Net;
using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class FixtureAnswerTests(GatewayFactory gateway)
{
    [Theory]
    [InlineData("newproxy-tcp-no-port.json", "tcp/proxy/myiphone.ssh")]
    [InlineData("newproxy-udp-wireguard.json", "udp/proxy/myiphone.my_wireguard_proxy")]
    [InlineData("newproxy-tcp-group.json", "tcp/group/api")]
    public async Task port_taking_proxy_gets_every_field_echoed_with_a_port_in_range(string file, string key)
    {
        var (status, body) = await SendAsync(file);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["reject", "unchange", "content"], body.Select(p => p.Key));
        Assert.False(body["reject"]!.GetValue<bool>());
        Assert.False(body["unchange"]!.GetValue<bool>());
        var content = body["content"]!.AsObject();
        var port = content["remote_port"]!.GetValue<int>();
        Assert.InRange(port, 6000, 6999);
        var expected = FrpFixtures.Json(file)["content"]!.AsObject();
        expected["remote_port"] = port;
        Assert.True(JsonNode.DeepEquals(expected, content), $"expected {expected.ToJsonString()}, got {content.ToJsonString()}");
        Assert.Equal(expected.Select(p => p.Key), content.Select(p => p.Key));
        Assert.Equal(port, (await gateway.LeaseAsync(key))?.Port);
    }

    [Fact]
    public async Task tcp_proxy_without_port_gets_the_same_port_again()
    {
        var first = await SendAsync("newproxy-tcp-no-port.json");
        var second = await SendAsync("newproxy-tcp-no-port.json");

        Assert.Equal(first.Body["content"]!["remote_port"]!.GetValue<int>(), second.Body["content"]!["remote_port"]!.GetValue<int>());
    }

    [Fact]
    public async Task udp_wireguard_proxy_keeps_encryption_bandwidth_metas_and_annotations()
    {
        var content = (await SendAsync("newproxy-udp-wireguard.json")).Body["content"]!;

        Assert.True(content["use_encryption"]!.GetValue<bool>());
        Assert.True(content["use_compression"]!.GetValue<bool>());
        Assert.Equal("1MB", content["bandwidth_limit"]!.GetValue<string>());
        Assert.Equal("client", content["bandwidth_limit_mode"]!.GetValue<string>());
        Assert.Equal("ops", content["metas"]!["owner"]!.GetValue<string>());
        Assert.Equal("edge", content["annotations"]!["team"]!.GetValue<string>());
        Assert.Equal("abc", content["user"]!["metas"]!["token"]!.GetValue<string>());
        Assert.Equal("5c4b1c8b0a2e7f31", content["user"]!["run_id"]!.GetValue<string>());
        Assert.Equal("myiphone.my_wireguard_proxy", content["proxy_name"]!.GetValue<string>());
        Assert.Equal("udp", content["proxy_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task tcp_proxy_with_port_6100_in_range_is_granted_6100()
    {
        var (status, body) = await SendAsync("newproxy-tcp-explicit-port.json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body["reject"]!.GetValue<bool>());
        Assert.False(body["unchange"]!.GetValue<bool>());
        var expected = FrpFixtures.Json("newproxy-tcp-explicit-port.json")["content"];
        Assert.True(JsonNode.DeepEquals(expected, body["content"]), body.ToJsonString());
        Assert.Equal(6100, (await gateway.LeaseAsync("tcp/proxy/laptop.rdp"))?.Port);
    }

    [Fact]
    public async Task second_member_of_a_group_gets_the_port_of_the_group()
    {
        var first = await SendAsync("newproxy-tcp-group.json");
        var web2 = FrpFixtures.Text("newproxy-tcp-group.json").Replace("web1", "web2", StringComparison.Ordinal);

        var second = await gateway.PostAsync(web2, "NewProxy");

        Assert.Equal("web2.api", second.Body["content"]!["proxy_name"]!.GetValue<string>());
        Assert.Equal(first.Body["content"]!["remote_port"]!.GetValue<int>(), second.Body["content"]!["remote_port"]!.GetValue<int>());
    }

    [Fact]
    public async Task member_asking_for_another_port_than_its_group_holds_is_refused_naming_the_group_and_its_port()
    {
        var first = await SendAsync("newproxy-tcp-group.json");
        var port = first.Body["content"]!["remote_port"]!.GetValue<int>();
        var mover = FrpFixtures.Json("newproxy-tcp-group.json");
        mover["content"]!["user"]!["user"] = "web3";
        mover["content"]!["proxy_name"] = "web3.api";
        mover["content"]!["remote_port"] = port == 6998 ? 6997 : 6998;

        var refused = await gateway.PostAsync(mover.ToJsonString(), "NewProxy");

        Assert.True(refused.Body["reject"]!.GetValue<bool>());
        Assert.True(refused.Body["unchange"]!.GetValue<bool>());
        var reason = refused.Body["reject_reason"]!.GetValue<string>();
        Assert.Contains("group 'api'", reason, StringComparison.Ordinal);
        Assert.Contains($"{port}", reason, StringComparison.Ordinal);
        Assert.Equal(port, (await gateway.LeaseAsync("tcp/group/api"))?.Port);
    }

    [Theory]
    [InlineData("newproxy-http.json", "blog.www")]
    [InlineData("newproxy-stcp.json", "vault.ssh")]
    public async Task proxy_type_without_port_is_unchanged_and_takes_nothing(string file, string proxyName)
    {
        var before = await gateway.PoolAsync();

        var (status, body) = await SendAsync(file);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"reject":false,"unchange":true}""", body.ToJsonString());
        Assert.Null(await gateway.LeaseAsync($"tcp/proxy/{proxyName}"));
        Assert.Equal(before, await gateway.PoolAsync());
    }

    [Theory]
    [InlineData("login.json")]
    [InlineData("ping.json")]
    [InlineData("closeproxy.json")]
    public async Task other_op_is_unchanged(string file)
    {
        var (status, body) = await SendAsync(file);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"reject":false,"unchange":true}""", body.ToJsonString());
    }

    [Fact]
    public async Task closed_proxy_keeps_its_port_and_is_recorded_offline()
    {
        var port = (await SendAsync("newproxy-tcp-no-port.json")).Body["content"]!["remote_port"]!.GetValue<int>();

        await SendAsync("closeproxy.json");

        var lease = await gateway.LeaseAsync("tcp/proxy/myiphone.ssh");
        Assert.Equal(port, lease?.Port);
        Assert.False(lease?.Online);
        Assert.Equal(port, (await SendAsync("newproxy-tcp-no-port.json")).Body["content"]!["remote_port"]!.GetValue<int>());
    }

    [Fact]
    public async Task late_close_proxy_of_an_earlier_frpc_session_leaves_the_reconnected_proxy_online()
    {
        static string Session(string file, string name, string runId)
        {
            var request = FrpFixtures.Json(file);
            request["content"]!["proxy_name"] = name;
            request["content"]!["user"]!["run_id"] = runId;
            return request.ToJsonString();
        }
        await gateway.PostAsync(Session("newproxy-tcp-no-port.json", "myiphone.flap", "old"), "NewProxy");
        await gateway.PostAsync(Session("newproxy-tcp-no-port.json", "myiphone.flap", "new"), "NewProxy");

        await gateway.PostAsync(Session("closeproxy.json", "myiphone.flap", "old"), "CloseProxy");
        var afterLate = await gateway.LeaseAsync("tcp/proxy/myiphone.flap");
        await gateway.PostAsync(Session("closeproxy.json", "myiphone.flap", "new"), "CloseProxy");
        var afterOwn = await gateway.LeaseAsync("tcp/proxy/myiphone.flap");

        Assert.True(afterLate?.Online);
        Assert.False(afterOwn?.Online);
    }

    [Fact]
    public async Task tcp_proxy_without_user_is_rejected_with_a_reason_to_set_user()
    {
        var before = await gateway.PoolAsync();

        var (status, body) = await SendAsync("newproxy-no-user.json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["reject", "reject_reason", "unchange"], body.Select(p => p.Key));
        Assert.True(body["reject"]!.GetValue<bool>());
        Assert.True(body["unchange"]!.GetValue<bool>());
        var reason = body["reject_reason"]!.GetValue<string>();
        Assert.Contains("'ssh'", reason, StringComparison.Ordinal);
        Assert.Contains("set user", reason, StringComparison.Ordinal);
        Assert.Null(await gateway.LeaseAsync("tcp/proxy/ssh"));
        Assert.Equal(before, await gateway.PoolAsync());
    }

    [Theory]
    [InlineData(80, "outside")]
    [InlineData(7000, "outside")]
    public async Task port_outside_the_range_is_rejected_naming_port_and_range(int port, string words)
    {
        var body = $$$"""{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"far","metas":null,"run_id":"x"},"proxy_name":"far.p{{{port}}}","proxy_type":"tcp","remote_port":{{{port}}}}}""";

        var (status, answer) = await gateway.PostAsync(body, "NewProxy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer["reject"]!.GetValue<bool>());
        Assert.True(answer["unchange"]!.GetValue<bool>());
        var reason = answer["reject_reason"]!.GetValue<string>();
        Assert.Contains($"tcp port {port}", reason, StringComparison.Ordinal);
        Assert.Contains(words, reason, StringComparison.Ordinal);
        Assert.Contains("6000-6999", reason, StringComparison.Ordinal);
        Assert.Contains($"'far.p{port}'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task port_held_by_another_proxy_is_rejected_naming_the_port()
    {
        var holder = """{"op":"NewProxy","content":{"user":{"user":"a"},"proxy_name":"a.db","proxy_type":"tcp","remote_port":6200}}""";
        var other = """{"op":"NewProxy","content":{"user":{"user":"b"},"proxy_name":"b.db","proxy_type":"tcp","remote_port":6200}}""";
        Assert.Equal(6200, (await gateway.PostAsync(holder, "NewProxy")).Body["content"]!["remote_port"]!.GetValue<int>());

        var (status, answer) = await gateway.PostAsync(other, "NewProxy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer["reject"]!.GetValue<bool>());
        Assert.Contains("tcp port 6200", answer["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'b.db'", answer["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task same_number_serves_one_tcp_and_one_udp_proxy()
    {
        var tcp = """{"op":"NewProxy","content":{"user":{"user":"dns"},"proxy_name":"dns.tcp","proxy_type":"tcp","remote_port":6053}}""";
        var udp = """{"op":"NewProxy","content":{"user":{"user":"dns"},"proxy_name":"dns.udp","proxy_type":"udp","remote_port":6053}}""";

        Assert.Equal(6053, (await gateway.PostAsync(tcp, "NewProxy")).Body["content"]!["remote_port"]!.GetValue<int>());
        Assert.Equal(6053, (await gateway.PostAsync(udp, "NewProxy")).Body["content"]!["remote_port"]!.GetValue<int>());
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(string file) =>
        gateway.PostAsync(FrpFixtures.Text(file), FrpFixtures.Op(file));
}
