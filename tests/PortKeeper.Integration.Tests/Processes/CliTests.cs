using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>A real node for the operator commands of one test class, with an admin token.</summary>
public sealed class CliNode : IAsyncLifetime
{
    public const string Token = "cli-admin-token-0123456789";

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-cli-").FullName;

    public NodeProcess Node { get; private set; } = null!;

    public string Folder => _data;

    public async Task InitializeAsync() =>
        Node = await NodeProcess.StartAsync("--allow-ports", "21000-21099", "--pool", "eu=21100-21109", "--data-dir", Path.Combine(_data, "store"), "--admin-token", Token);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>The operator commands as an operator runs them: the real executable against a real node.</summary>
public sealed class CliTests(CliNode fixture) : IClassFixture<CliNode>
{
    private NodeProcess Node => fixture.Node;

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        NodeProcess.RunProgramAsync("Gateway", [.. args, "--node", Node.BaseAddress.ToString(), "--token", CliNode.Token]);

    private async Task<int> PortAsync(string user, string name, string type = "tcp", string? group = null, string? pool = null) =>
        (await Node.Http.NewProxyAsync(user, name, type, group: group, pool: pool)).GrantedPort()
            ?? throw new InvalidOperationException($"{user}.{name} was refused:\n{Node.Output}");

    [Fact]
    public async Task leases_a_user_and_a_port_s_holder_show_the_ports_frps_was_given()
    {
        var ssh = await PortAsync("cli-list", "ssh");
        var dns = await PortAsync("cli-list", "dns", "udp");
        await Node.Http.CloseProxyAsync("cli-list", "dns");
        var other = await PortAsync("cli-other", "web");

        var leases = await RunAsync("leases", "--user", "cli-list");
        var offline = await RunAsync("leases", "--user", "cli-list", "--offline", "--json");
        var all = await RunAsync("leases", "--all", "--json");
        var user = await RunAsync("user", "cli-list");
        var holder = await RunAsync("port", "tcp", $"{ssh}");
        var free = await RunAsync("port", "udp", $"{Enumerable.Range(21000, 100).First(p => p != dns)}");

        Assert.True(leases.ExitCode == 0, leases.Error);
        var rows = leases.Output.Split('\n');
        Assert.StartsWith("PROTOCOL  PORT", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith($"tcp       {ssh}  cli-list  cli-list.ssh", StringComparison.Ordinal) && r.Contains(" yes ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"udp       {dns}  cli-list  cli-list.dns", StringComparison.Ordinal) && r.Contains(" no ", StringComparison.Ordinal));
        Assert.DoesNotContain("cli-other", leases.Output, StringComparison.Ordinal);
        Assert.Contains("2 leases\n", leases.Output, StringComparison.Ordinal);
        Assert.Equal([dns], JsonNode.Parse(offline.Output)!["items"]!.AsArray().Select(l => l!["port"]!.GetValue<int>()));
        Assert.Contains(other, JsonNode.Parse(all.Output)!["items"]!.AsArray().Select(l => l!["port"]!.GetValue<int>()));
        Assert.True(user.ExitCode == 0, user.Error);
        Assert.StartsWith("user cli-list: 2 leases\n", user.Output, StringComparison.Ordinal);
        Assert.True(holder.ExitCode == 0, holder.Error);
        Assert.Contains($"tcp       {ssh}  cli-list  cli-list.ssh", holder.Output, StringComparison.Ordinal);
        Assert.Equal(1, free.ExitCode);
        Assert.StartsWith("portkeeper: Port free: udp port", free.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_release_of_a_connected_proxy_is_refused_until_forced_and_then_its_port_is_free()
    {
        var port = await PortAsync("cli-release", "ssh");

        var refused = await RunAsync("release", "tcp", "cli-release", "cli-release.ssh");
        var forced = await RunAsync("release", "tcp", "cli-release", "cli-release.ssh", "--force");
        var gone = await RunAsync("port", "tcp", $"{port}");

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("portkeeper: Proxy connected: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("add --force", refused.Error, StringComparison.Ordinal);
        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Equal($"released tcp port {port} of proxy cli-release.ssh of user cli-release\n", forced.Output);
        Assert.Equal(1, gone.ExitCode);
    }

    [Fact]
    public async Task an_export_and_a_dry_run_of_its_import_change_nothing_and_say_every_lease_is_unchanged()
    {
        await PortAsync("cli-export", "ssh");
        await PortAsync("cli-export", "www", group: "cli-web");
        await PortAsync("cli-export", "eu", pool: "eu");
        var file = Path.Combine(fixture.Folder, "export.json");
        var again = Path.Combine(fixture.Folder, "again.json");

        var export = await RunAsync("export", "-o", file);
        var dryRun = await RunAsync("import", file, "--dry-run");
        var json = await RunAsync("import", file, "--dry-run", "--json");
        await RunAsync("export", "-o", again);

        Assert.True(export.ExitCode == 0, export.Error);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var count = document["pools"]!.AsArray().Sum(p => p!["leases"]!.AsArray().Count);
        Assert.Equal($"exported {count} leases of 2 pools to {file}\n", export.Output);
        Assert.True(dryRun.ExitCode == 0, dryRun.Error);
        Assert.StartsWith("dry run, nothing changed", dryRun.Output, StringComparison.Ordinal);
        var report = JsonNode.Parse(json.Output)!;
        Assert.Equal((count, 0, 0), (report["unchanged"]!.GetValue<int>(), report["imported"]!.GetValue<int>(), report["conflicts"]!.GetValue<int>()));
        Assert.Equal(document["pools"]!.ToJsonString(), JsonNode.Parse(await File.ReadAllTextAsync(again))!["pools"]!.ToJsonString());
    }

    [Fact]
    public async Task a_wrong_or_missing_token_is_one_line_naming_the_option_and_exit_code_4()
    {
        var wrong = await NodeProcess.RunProgramAsync("Gateway", "pools", "--node", Node.BaseAddress.ToString(), "--token", "not-the-token-at-all");
        var missing = await NodeProcess.RunProgramAsync("Gateway", "pools", "--node", Node.BaseAddress.ToString());

        Assert.Equal(4, wrong.ExitCode);
        Assert.Equal($"portkeeper: the node at {Node.BaseAddress} refused the admin token (Token required): give the node's --admin-token with --token TOKEN or $PORTKEEPER_ADMIN_TOKEN\n", wrong.Error);
        Assert.Equal("", wrong.Output);
        Assert.Equal(4, missing.ExitCode);
        Assert.StartsWith("portkeeper: no admin token: give the node's --admin-token with --token TOKEN or $PORTKEEPER_ADMIN_TOKEN", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_node_that_is_down_is_one_line_naming_its_address_and_exit_code_3()
    {
        var address = $"http://127.0.0.1:{NodeProcess.FreePort()}";

        var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway", "leases", "--node", address, "--token", CliNode.Token);

        Assert.Equal(3, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"portkeeper: cannot reach the node at {address} (connection refused): is it running there? Give its address with --node URL or $PORTKEEPER_NODE\n", error);
    }

    [Fact]
    public async Task an_unknown_command_or_option_prints_the_usage_and_exit_code_2()
    {
        var command = await NodeProcess.RunProgramAsync("Gateway", "leasez");
        var option = await NodeProcess.RunProgramAsync("Gateway", "leases", "--bogus");
        var help = await NodeProcess.RunProgramAsync("Gateway", "help");

        Assert.Equal(2, command.ExitCode);
        Assert.Contains("unknown command 'leasez'", command.Error, StringComparison.Ordinal);
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("usage: portkeeper leases [--user U]", option.Error, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("  import FILE [--dry-run]", help.Output, StringComparison.Ordinal);
        Assert.Contains("  --allow-ports <ports>", help.Output, StringComparison.Ordinal);
    }
}
