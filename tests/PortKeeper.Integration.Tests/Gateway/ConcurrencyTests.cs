using System.Net;

namespace PortKeeper.Integration.Tests.Gateway;

[Collection(LoadGatewayCollection.Name)]
public sealed class ConcurrencyTests(LoadGatewayFactory gateway)
{
    [Fact]
    public async Task two_hundred_distinct_keys_at_once_get_two_hundred_distinct_ports()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => gateway.PostAsync(
            $$$"""{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"load"},"proxy_name":"load.p{{{i}}}","proxy_type":"tcp"}}""",
            "NewProxy")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.False(a.Body["reject"]!.GetValue<bool>(), a.Body.ToJsonString()));
        var ports = answers.Select(a => a.Body["content"]!["remote_port"]!.GetValue<int>()).ToList();
        Assert.Equal(200, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 20000, 20999));
        Assert.Equal(200, (await gateway.PoolAsync()).TcpTaken);
    }

    [Fact]
    public async Task one_key_sent_twenty_times_at_once_gets_one_port()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gateway.PostAsync(
            """{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"same"},"proxy_name":"same.ssh","proxy_type":"udp"}}""",
            "NewProxy")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var ports = answers.Select(a => a.Body["content"]!["remote_port"]!.GetValue<int>()).Distinct().ToList();
        Assert.Single(ports);
        Assert.Equal(ports[0], (await gateway.LeaseAsync("udp/proxy/same.ssh"))?.Port);
    }
}
