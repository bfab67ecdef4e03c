using PortKeeper.Contracts;
using PortKeeper.Silo.Import;

namespace PortKeeper.Core.Tests.Import;

public sealed class LegacyDataTests
{
    private static string Legacy(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", "legacy", .. parts]);

    private static Dictionary<string, int> Ports(LegacyPlan plan, Protocol protocol) =>
        plan.Claims.Where(c => c.Key.Protocol == protocol).ToDictionary(c => c.Key.Name, c => c.Port);

    [Fact]
    public void go_keeper_folder_is_taken_over_in_both_spaces_with_its_damage_resolved()
    {
        var plan = LegacyImport.Read(Legacy("frp-port-keeper-go"));

        var expected = new Dictionary<string, int>
        {
            ["myiphone.my_wireguard_proxy"] = 6000,
            ["laptop.ssh"] = 6001,
            ["nas.web ui"] = 6002,
            ["router.admin"] = 6003,
            ["cam2.rtsp"] = 6004,
        };
        Assert.Equal(expected, Ports(plan, Protocol.Tcp));
        Assert.Equal(expected, Ports(plan, Protocol.Udp));
        Assert.Contains(plan.Problems, p => p.Contains("'cam1.rtsp' gets a new port", StringComparison.Ordinal));
        Assert.Contains(plan.Problems, p => p.Contains("proxy file of 'router.admin' is missing", StringComparison.Ordinal));
        Assert.Equal(2, plan.Problems.Count);
    }

    [Fact]
    public void typescript_keeper_db_json_is_taken_over_without_its_undefined_key()
    {
        var plan = LegacyImport.Read(Legacy("frp-port-keeper-ts", "db.json"));

        Assert.Equal(
            new Dictionary<string, int> { ["myiphone.my_wireguard_proxy"] = 6000, ["laptop.ssh"] = 6001, ["office.rdp"] = 8100 },
            Ports(plan, Protocol.Tcp));
        Assert.Equal(Ports(plan, Protocol.Tcp), Ports(plan, Protocol.Udp));
        Assert.Contains("'undefined'", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void portmanager_map_is_taken_over_per_protocol_and_the_malformed_line_reported()
    {
        var plan = LegacyImport.Read(Legacy("docker-frps-portmanager", "ports.map"));

        Assert.Equal(new Dictionary<string, int> { ["laptop.ssh"] = 30000, ["nas.web"] = 29999 }, Ports(plan, Protocol.Tcp));
        Assert.Equal(new Dictionary<string, int> { ["myiphone.my_wireguard_proxy"] = 30001, ["laptop.ssh"] = 30000 }, Ports(plan, Protocol.Udp));
        Assert.Contains("line 4", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b:tcp 70000", "not '<proxy_name>:<proxy_type> <port>'")]
    [InlineData("a.b:http 8080", "takes no port")]
    [InlineData("a.b:tcp 10\nc.d:tcp 10", "already claimed by 'a.b'")]
    [InlineData("no-type 10", "not '<proxy_name>:<proxy_type> <port>'")]
    public void portmanager_lines_that_cannot_be_claimed_are_problems(string text, string problem)
    {
        var plan = LegacyData.FromPortsMap(text);

        Assert.Contains(problem, plan.Problems[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "no \"proxies\" object")]
    [InlineData("{\"proxies\":{\"a.b\":\"x\"}}", "no port between 1 and 65535")]
    [InlineData("{\"proxies\":{\"a.b\":7,\"c.d\":7}}", "already claimed by 'a.b'")]
    public void db_json_faults_are_problems_not_claims(string text, string problem)
    {
        var plan = LegacyData.FromDbJson(text);

        Assert.Contains(problem, plan.Problems[^1], StringComparison.Ordinal);
        Assert.True(plan.Claims.Count <= 2);
    }

    [Theory]
    [InlineData("x.json", "not json")]
    [InlineData("x.json", "{\"Port\":\"6000\"}")]
    [InlineData("12.json", "{\"Proxy\":7}")]
    [InlineData("abc.json", "{\"Proxy\":\"a.b\"}")]
    [InlineData("x.json", "{\"Port\":0}")]
    public void go_files_that_are_neither_kind_are_skipped(string file, string text)
    {
        var plan = LegacyData.FromGoKv([(file, text)]);

        Assert.Empty(plan.Claims);
        Assert.Contains("skipped", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void a_path_that_is_no_keeper_data_is_one_problem()
    {
        var plan = LegacyImport.Read(Legacy("does-not-exist"));

        Assert.Empty(plan.Claims);
        Assert.Contains("no such file or folder", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }
}
