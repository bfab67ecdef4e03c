namespace PortKeeper.Integration.Tests.Processes;

public sealed class StartupTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-startup-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [InlineData("--allow-ports", "70000", "portkeeper: --allow-ports: '70000' is not a port")]
    [InlineData("--answer-timeout", "30s", "portkeeper: --answer-timeout: 30s must be more than 0 and less than 20s")]
    [InlineData("--bogus", "1", "portkeeper: unknown option '--bogus'")]
    [InlineData("--pool", "EU=30000-30999", "portkeeper: --pool: pool name 'EU' may only hold a-z, 0-9 and '-'")]
    [InlineData("--pool", "eu=/no/such/frps-eu.toml", "portkeeper: --pool eu: cannot read /no/such/frps-eu.toml: file not found")]
    public async Task bad_setting_stops_start_up_with_exit_code_2_and_one_line_naming_it(string option, string value, string line)
    {
        string[] args = option == "--allow-ports" ? [option, value, "--data-dir", _data] : ["--allow-ports", "20000-20010", "--data-dir", _data, option, value];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(args));

        Assert.Contains("node exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task second_node_on_the_same_data_folder_exits_with_one_line_and_the_first_keeps_answering()
    {
        string[] args = ["--allow-ports", "20000-20010", "--data-dir", _data];
        await using var first = await NodeProcess.StartAsync(args);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeProcess.StartAsync(args));

        Assert.Contains("node exited with 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"portkeeper: cannot start: The data folder '{_data}' is in use by another PortKeeper process", error.Message, StringComparison.Ordinal);
        Assert.NotNull((await first.Http.NewProxyAsync("still", "here")).GrantedPort());
    }

    [Fact]
    public async Task data_file_that_is_not_a_database_stops_start_up_with_one_line_naming_it()
    {
        var file = Path.Combine(_data, "portkeeper.db");
        await File.WriteAllTextAsync(file, new string('x', 4096));

        var (exitCode, output) = await NodeProcess.RunToExitAsync("--allow-ports", "20000-20010", "--data-dir", _data);

        Assert.Equal(1, exitCode);
        Assert.Contains($"portkeeper: cannot start: cannot open or write the database '{file}': ", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.StartsWith("portkeeper:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task healthy_start_says_in_one_line_what_the_node_is_and_nothing_alarming()
    {
        var data = Directory.CreateTempSubdirectory("portkeeper-start-").FullName;
        try
        {
            await using var node = await NodeProcess.StartAsync(["--allow-ports", "20000-20999", "--data-dir", data]);
            await Task.Delay(500);
            var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

            Assert.Single(lines, l => l.Contains("PortKeeper started as a combined node: pool default 20000-20999 (1000 ports); storage SQLite", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("warn", StringComparison.Ordinal) || l.StartsWith("fail", StringComparison.Ordinal));
            Assert.InRange(lines.Length, 1, 8);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
