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

    [Theory]
    [InlineData("{", true)]
    [InlineData("[]", true)]
    [InlineData("{\"proxies\":{}}", false)]
    public void db_json_that_is_broken_as_a_whole_is_unreadable(string text, bool unreadable) =>
        Assert.Equal(unreadable, LegacyData.FromDbJson(text, "/etc/frp/db.json").Unreadable?.StartsWith("/etc/frp/db.json", StringComparison.Ordinal) ?? false);

    [Theory]
    [InlineData("garbage\nmore garbage", true)]
    [InlineData("a.b:tcp 10\ngarbage", false)]
    [InlineData("", false)]
    public void ports_map_without_one_good_line_is_unreadable(string text, bool unreadable) =>
        Assert.Equal(unreadable, LegacyData.FromPortsMap(text, "/x/ports.map").Unreadable is not null);

    [Fact]
    public void go_keeper_claims_keep_their_created_at_and_name_the_file_read()
    {
        var plan = LegacyImport.Read(Legacy("frp-port-keeper-go"));

        var laptop = plan.Claims.First(c => c.Key.Name == "laptop.ssh");
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 10, 0, 0, TimeSpan.Zero), laptop.CreatedAt);
        Assert.Equal(Path.Combine(Path.GetFullPath(Legacy("frp-port-keeper-go")), "gokv", "laptop.ssh.json"), laptop.Source);
        Assert.Null(plan.Unreadable);
    }

    [Fact]
    public void claims_an_earlier_import_took_over_are_not_taken_again()
    {
        var plan = LegacyData.FromPortsMap("a.b:tcp 10\nc.d:tcp 11", "/x/ports.map");

        var left = LegacyImport.NotYetTaken(plan, [LegacyImport.EntryOf(plan.Claims[0])]);

        Assert.Equal(["c.d"], left.Select(c => c.Key.Name));
        Assert.Equal(LegacyImport.EntryOf(plan.Claims[0]), LegacyImport.EntryOf(plan.Claims[0] with { Source = "/x/ports.map line 9" }));
    }
}
