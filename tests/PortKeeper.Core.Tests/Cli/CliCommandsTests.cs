using PortKeeper.Gateway.Cli;

namespace PortKeeper.Core.Tests.Cli;

public sealed class CliCommandsTests
{
    private static readonly Dictionary<string, string?> Token = new() { [CliCommands.TokenVariable] = "from-the-environment" };

    private static CliParse Parse(string line, Dictionary<string, string?>? environment = null) =>
        CliCommands.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), environment ?? Token, "NODE OPTIONS\n");

    private static CliRequest Request(string line) => Assert.IsType<CliParse.Call>(Parse(line)).Request;

    [Theory]
    [InlineData("pools", "GET", "/pools", CliView.Pools)]
    [InlineData("leases", "GET", "/leases", CliView.Leases)]
    [InlineData("leases --user laptop --protocol tcp --offline --from 20000 --to 20099 --search ssh --limit 5", "GET",
        "/leases?user=laptop&protocol=tcp&online=false&from=20000&to=20099&q=ssh&limit=5", CliView.Leases)]
    [InlineData("leases --online -q a&b --pool eu", "GET", "/leases?online=true&q=a%26b&pool=eu", CliView.Leases)]
    [InlineData("leases --after tcp:20005", "GET", "/leases?after=tcp%3A20005", CliView.Leases)]
    [InlineData("user laptop", "GET", "/users/laptop", CliView.User)]
    [InlineData("user some/one --pool eu", "GET", "/users/some%2Fone?pool=eu", CliView.User)]
    [InlineData("port tcp 20005", "GET", "/ports/tcp/20005", CliView.Lease)]
    [InlineData("lease udp laptop laptop.dns", "GET", "/lease?protocol=udp&user=laptop&proxy=laptop.dns", CliView.Lease)]
    [InlineData("release tcp laptop laptop.ssh", "DELETE", "/lease?protocol=tcp&user=laptop&proxy=laptop.ssh", CliView.Released)]
    [InlineData("release tcp laptop laptop.ssh --force", "DELETE", "/lease?protocol=tcp&user=laptop&proxy=laptop.ssh&force=true", CliView.Released)]
    [InlineData("release-group udp dns --force", "DELETE", "/lease?protocol=udp&group=dns&force=true", CliView.Released)]
    [InlineData("release-user laptop", "DELETE", "/users/laptop", CliView.Released)]
    [InlineData("release-user laptop --force --pool eu", "DELETE", "/users/laptop?force=true&pool=eu", CliView.Released)]
    [InlineData("group tcp web", "GET", "/groups/tcp/web", CliView.Group)]
    [InlineData("limits", "GET", "/limits", CliView.Limits)]
    [InlineData("limit laptop --clear", "DELETE", "/users/laptop/limit", CliView.User)]
    [InlineData("repair --pool eu", "POST", "/pool/repair?pool=eu", CliView.Repair)]
    [InlineData("reservations --pool eu", "GET", "/reservations?pool=eu", CliView.Reservations)]
    [InlineData("reserve tcp 20005 alice alice.nas", "PUT", "/reservations/tcp/20005", CliView.Reserved)]
    [InlineData("reserve udp 20006 --block", "PUT", "/reservations/udp/20006", CliView.Reserved)]
    [InlineData("unreserve tcp 20005", "DELETE", "/reservations/tcp/20005", CliView.Unreserved)]
    [InlineData("export", "GET", "/export", CliView.Export)]
    [InlineData("import backup.json", "POST", "/import?dryRun=false", CliView.Import)]
    [InlineData("import backup.json --dry-run", "POST", "/import?dryRun=true", CliView.Import)]
    public void a_command_is_one_call_of_the_admin_api(string line, string method, string path, CliView view)
    {
        var request = Request(line);

        Assert.Equal((method, path, view), (request.Method.Method, request.Path, request.View));
    }

    [Fact]
    public void the_commands_with_files_and_bodies_carry_them()
    {
        Assert.Equal("backup.json", Request("import backup.json").BodyFile);
        Assert.Equal("out.json", Request("export -o out.json").OutputFile);
        Assert.Equal("out.json", Request("export --output out.json").OutputFile);
        Assert.True(Request("leases --all").AllPages);
        Assert.Equal("""{"maxPorts":3,"ports":"20000-20099"}""", Request("limit laptop --max-ports 3 --ports 20000-20099").Body);
        Assert.Equal("""{"maxPorts":null,"ports":"20000-20099"}""", Request("limit laptop --ports 20000-20099").Body);
        Assert.Equal("""{"user":"alice","proxy":"alice.nas"}""", Request("reserve tcp 20005 alice alice.nas").Body);
        Assert.Equal("""{"block":true}""", Request("reserve tcp 20005 --block").Body);
    }

    [Theory]
    [InlineData("pools", null, null, "http://127.0.0.1:8080/", null, false)]
    [InlineData("pools --node http://10.1.2.3:9000 --token flag --json", "http://env:1", "env", "http://10.1.2.3:9000/", "flag", true)]
    [InlineData("pools", "https://keeper.example:8443", "env", "https://keeper.example:8443/", "env", false)]
    [InlineData("pools", "", "  ", "http://127.0.0.1:8080/", null, false)]
    public void the_node_and_token_come_from_the_options_else_the_environment(string line, string? node, string? token, string address, string? expectedToken, bool json)
    {
        var environment = new Dictionary<string, string?> { [CliCommands.NodeVariable] = node, [CliCommands.TokenVariable] = token };

        var target = Assert.IsType<CliParse.Call>(Parse(line, environment)).Target;

        Assert.Equal((address, expectedToken, json), (target.Node.AbsoluteUri, target.Token, target.Json));
    }

    [Theory]
    [InlineData("lease tcp", "Required argument missing")]
    [InlineData("leasez", "unknown command 'leasez'")]
    [InlineData("leases --bogus", "'--bogus'")]
    [InlineData("leases --online --offline", "give --online or --offline, not both")]
    [InlineData("leases --all --after tcp:1", "give --all or --after, not both")]
    [InlineData("leases --protocol sctp", "sctp")]
    [InlineData("user", "usage: portkeeper user USER")]
    [InlineData("port tcp 70000", "port must be from 1 to 65535")]
    [InlineData("port sctp 20", "sctp")]
    [InlineData("release tcp laptop", "usage: portkeeper release tcp|udp USER PROXY [--force]")]
    [InlineData("limit laptop", "give --max-ports N, --ports P (or both), or --clear")]
    [InlineData("limit laptop --clear --max-ports 2", "give --clear alone")]
    [InlineData("export --pool eu", "'export' is about every pool")]
    [InlineData("reserve tcp 20005 alice", "name the proxy (USER PROXY), or give --block alone")]
    [InlineData("reserve tcp 20005 alice alice.nas --block", "name the proxy (USER PROXY), or give --block alone")]
    [InlineData("import", "usage: portkeeper import FILE [--dry-run]")]
    [InlineData("pools --node ftp://x", "--node must be a node's address")]
    [InlineData("pools --node", "--node")]
    public void a_bad_command_line_is_a_usage_error_of_one_line_and_the_usage(string line, string expected)
    {
        var print = Assert.IsType<CliParse.Print>(Parse(line));

        Assert.Equal(CliExit.Usage, print.ExitCode);
        Assert.Contains(expected, print.Text, StringComparison.Ordinal);
        Assert.True(print.Text.Contains("usage: portkeeper", StringComparison.Ordinal) || print.Text.Contains("'portkeeper help'", StringComparison.Ordinal), print.Text);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void help_lists_the_node_options_and_every_command(string line)
    {
        var print = Assert.IsType<CliParse.Print>(Parse(line));

        Assert.Equal(CliExit.Ok, print.ExitCode);
        Assert.StartsWith("NODE OPTIONS\n", print.Text, StringComparison.Ordinal);
        Assert.All(CliCommands.Table, c => Assert.Contains($"  {c.Usage}", print.Text, StringComparison.Ordinal));
        Assert.Contains("exit codes:", print.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help leases")]
    [InlineData("leases --help")]
    public void a_command_s_help_lists_its_options(string line)
    {
        var print = Assert.IsType<CliParse.Print>(Parse(line));

        Assert.Equal(CliExit.Ok, print.ExitCode);
        Assert.Contains("--offline", print.Text, StringComparison.Ordinal);
        Assert.Contains("--token", print.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "leases" }, true)]
    [InlineData(new[] { "help" }, true)]
    [InlineData(new[] { "--allow-ports", "20000-20099", "--help" }, true)]
    [InlineData(new[] { "--allow-ports", "20000-20099" }, false)]
    [InlineData(new[] { "--version" }, false)]
    [InlineData(new string[0], false)]
    public void only_a_first_word_or_a_help_switch_is_for_the_commands_a_node_gets_options(string[] args, bool handled) =>
        Assert.Equal(handled, CliCommands.Handles(args));
}
