using PortKeeper.Silo.Configuration;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class CommandLineHelpTests
{
    [Theory]
    [InlineData("/opt/portkeeper/portkeeper", "PortKeeper.Gateway", "portkeeper")]
    [InlineData("/usr/local/bin/portkeeper", "PortKeeper.Gateway", "portkeeper")]
    [InlineData("/usr/share/dotnet/dotnet", "PortKeeper.Gateway", "dotnet PortKeeper.Gateway.dll")]
    [InlineData("/src/Gateway/bin/Release/net10.0/PortKeeper.Gateway", "PortKeeper.Gateway", "PortKeeper.Gateway")]
    [InlineData(null, "PortKeeper.Gateway", "dotnet PortKeeper.Gateway.dll")]
    public void invocation_names_the_command_as_typed(string? processPath, string entryAssembly, string expected) =>
        Assert.Equal(expected, CommandLineHelp.Invocation(processPath, entryAssembly));

    [Theory]
    [InlineData("portkeeper")]
    [InlineData("dotnet PortKeeper.Gateway.dll")]
    public void version_prints_the_product_name_whatever_the_invocation(string invocation) =>
        Assert.Equal("portkeeper 1.2.3\n", CommandLineHelp.For(["--version"], invocation, "1.2.3"));

    [Fact]
    public void help_shows_the_invocation_in_its_usage_line() =>
        Assert.StartsWith("portkeeper 1.2.3\nusage: portkeeper [options]\n", CommandLineHelp.For(["--help"], "portkeeper", "1.2.3"), StringComparison.Ordinal);

    public static TheoryData<string, string> HelpLines => new()
    {
        { "--allow-ports <ports>", "ports to hand out, frps INI syntax: 20000-29999,30001" },
        { "--pool <name>=<ports|file>", "another pool (frps cluster), served at <plugin path>/<name>: its allow ports or its frps config; repeatable" },
        { "--data-dir <folder>", "folder of the embedded store, single node (default ./data)" },
        { "--role <role>", "combined (gateway and silo), gateway (an Orleans client of dedicated silos; needs --postgres) or silo (a dedicated silo: health and metrics only over HTTP) (default combined)" },
        { "--kubernetes <bool>", "with --postgres, in a pod: Orleans' Kubernetes hosting (default false)" },
        { "--session-timeout <duration>", "an frpc session that pinged (frps Ping op) and is silent that long counts as offline; 0 turns it off (default 300s)" },
        { "--silo-port <port>", "Orleans silo-to-silo port (default 11111)" },
        { "--answer-timeout <duration>", "longest wait before frps gets a refusal, under 20s (default 5s)" },
        { "--max-ports-per-user <count>", "most ports one user's own proxies may hold in a pool; 0, no limit (default 0)" },
        { "--urls <urls>", "the gateway's HTTP listen address(es), separated by ; (default http://127.0.0.1:8080)" },
        { "--help", "print these options and exit" },
        { "--version", "print the version and exit" },
    };

    [Theory]
    [MemberData(nameof(HelpLines))]
    public void help_gives_an_option_its_value_meaning_and_default_on_one_line(string usage, string meaning) =>
        Assert.Single(HelpOf().Split('\n'), l => l.Trim() == $"{usage} {meaning}" || (l.TrimStart().StartsWith(usage + "  ", StringComparison.Ordinal) && l.Trim()[usage.Length..].Trim() == meaning));

    [Fact]
    public void help_lists_every_option_of_the_table_in_its_order()
    {
        var usages = HelpOf().Split('\n').Skip(3).Select(l => l.Trim().Split(' ')[0]).Where(u => u.StartsWith("--", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [.. PortKeeperCommandLine.HostOptions.Select(h => h.Switch), .. NodeOptions.All.Select(o => o.Switch), "--help", "--version"],
            usages);
    }

    private static string HelpOf() => CommandLineHelp.For(["-h"], "portkeeper", "1.2.3")!;
}
