using System.Text.Json.Nodes;
using PortKeeper.Gateway.Cli;

namespace PortKeeper.Core.Tests.Cli;

public sealed class CliViewsTests
{
    private const string Ssh = """{"key":"tcp/proxy/laptop.ssh","port":20005,"grantedAt":"2024-01-02T03:04:05+00:00","lastSeen":"2024-01-03T00:00:00+01:00","online":false,"lastProxyName":"laptop.ssh","user":"laptop","protocol":"tcp"}""";

    private const string Web = """{"key":"tcp/group/web","port":20007,"grantedAt":"2024-01-02T03:04:05+00:00","lastSeen":"2024-01-02T03:04:05+00:00","online":true,"lastProxyName":"a.web","user":"","protocol":"tcp"}""";

    private static string Render(CliView view, string json) => CliViews.Render(view, JsonNode.Parse(json)!);

    [Fact]
    public void leases_are_a_table_with_a_proxy_s_user_and_a_group_s_name_and_the_next_page()
    {
        var text = Render(CliView.Leases, $$"""{"items":[{{Ssh}},{{Web}}],"next":"tcp:20007"}""");

        Assert.Equal(
            """
            PROTOCOL  PORT   USER    PROXY       GROUP  ONLINE  LAST SEEN             GRANTED
            tcp       20005  laptop  laptop.ssh  -      no      2024-01-02 23:00:00Z  2024-01-02 03:04:05Z
            tcp       20007  -       -           web    yes     2024-01-02 03:04:05Z  2024-01-02 03:04:05Z
            2 leases
            more leases: add --after tcp:20007, or --all for every page

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Theory]
    [InlineData(CliView.Leases, """{"items":[],"next":null}""", "(none)\n0 leases\n")]
    [InlineData(CliView.Released, Ssh, "released tcp port 20005 of proxy laptop.ssh of user laptop\n")]
    [InlineData(CliView.Released, Web, "released tcp port 20007 of group web\n")]
    [InlineData(CliView.Reserved, """{"protocol":"tcp","port":20009,"user":"alice","proxy":"alice.nas","since":"2024-01-02T03:04:05+00:00"}""", "reserved tcp port 20009 for proxy alice.nas of user alice\n")]
    [InlineData(CliView.Unreserved, """{"protocol":"udp","port":20010,"user":null,"proxy":null,"since":"2024-01-02T03:04:05+00:00"}""", "udp port 20010 is no longer blocked\n")]
    [InlineData(CliView.Reservations, """[{"protocol":"udp","port":20010,"user":null,"proxy":null,"since":"2024-01-02T03:04:05+00:00"}]""",
        "PROTOCOL  PORT   USER       PROXY  SINCE\nudp       20010  (blocked)  -      2024-01-02 03:04:05Z\n")]
    [InlineData(CliView.Repair, """{"pool":"eu","claims":3,"held":2,"freed":1,"claimed":0,"moved":0,"findings":["tcp 30001: freed"]}""",
        "pool eu: compared 3 claims with 2 held ports; freed 1, claimed 0, moved 0\n  tcp 30001: freed\n")]
    [InlineData(CliView.Pools, """[{"range":"1-2","rangeSize":2,"tcpTaken":1,"udpTaken":0,"pending":0,"takenOutsideRange":0,"silo":"S1","pool":"default"}]""",
        "POOL     RANGE  PORTS  TCP  UDP  PENDING  OUTSIDE  SILO\ndefault  1-2    2      1    0    0        0        S1\n")]
    public void an_answer_is_shown_as_a_person_reads_it(CliView view, string json, string expected) =>
        Assert.Equal(expected, Render(view, json));

    [Fact]
    public void a_user_shows_its_limits_and_its_leases()
    {
        var text = Render(CliView.User, $$$"""{"pool":"eu","user":"laptop","leases":[{{{Ssh}}}],"limits":{"maxPorts":3,"ports":"30000-30004","own":{"maxPorts":3,"ports":"30000-30004"},"held":1}}""");

        Assert.StartsWith("user laptop in pool eu: 1 lease\nlimit (its own): at most 3 ports, ports 30000-30004; holds 1\nPROTOCOL", text, StringComparison.Ordinal);
    }

    [Fact]
    public void an_import_report_has_a_row_per_pool_and_a_line_per_conflict()
    {
        var text = Render(CliView.Import, """
            {"dryRun":true,"pools":[
              {"pool":"default","imported":2,"unchanged":1,"earlier":0,"limitsImported":1,"limitsUnchanged":0,"reservationsImported":1,"reservationsUnchanged":2,"conflicts":[
                {"protocol":"tcp","port":20005,"user":"bob","proxy":"bob.x","group":null,"reason":"port 20005 is held here by tcp proxy 'laptop.ssh' of user 'laptop', which keeps it"}]},
              {"pool":"us","imported":0,"unchanged":0,"earlier":0,"limitsImported":0,"limitsUnchanged":0,"reservationsImported":0,"reservationsUnchanged":0,"conflicts":[
                {"protocol":null,"port":null,"user":"carol","proxy":null,"group":null,"reason":"pool 'us' is not on this node"}]}]}
            """);

        Assert.Equal(
            """
            dry run, nothing changed: an import would do this
            POOL     IMPORTED  UNCHANGED  EARLIER  LIMITS NEW/SAME  RESERVATIONS NEW/SAME  CONFLICTS
            default  2         1          0        1/0              1/2                    1
            us       0         0          0        0/0              0/0                    1
            conflict in pool default: tcp 20005 proxy bob.x: port 20005 is held here by tcp proxy 'laptop.ssh' of user 'laptop', which keeps it
            conflict in pool us: user carol: pool 'us' is not on this node

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void an_export_written_to_a_file_says_how_much_it_holds() =>
        Assert.Equal("exported 1 lease of 2 pools to b.json\n",
            CliViews.Exported(JsonNode.Parse($$"""{"pools":[{"leases":[{{Ssh}}]},{"leases":[]}]}""")!, "b.json"));
}
