using System.Net;
using System.Runtime.InteropServices;
using PortKeeper.Integration.Tests.Deploy;
using PortKeeper.Integration.Tests.Postgres;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Published;

/// <summary>
/// The published linux-x64 executable, unpacked from its archive and run with nothing of the
/// .NET SDK on PATH or in DOTNET_ROOT, on SQLite and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PublishedBinaryTests(PublishedRelease release, PostgresServer postgres) : IClassFixture<PublishedRelease>
{
    [Fact]
    public async Task version_prints_the_version_the_release_was_published_with()
    {
        var (exitCode, output, error) = await NodeProcess.RunProgramAsync(release.Command, "--version");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"portkeeper {PublishedRelease.Version}\n", output);
    }

    [Fact]
    public async Task on_sqlite_it_answers_newproxy_and_gives_the_same_port_after_a_restart()
    {
        var data = release.NewFolder("sqlite");
        string[] Args((int Http, int Silo, int Gateway) _) => ["--allow-ports", "20000-20999", "--data-dir", data];

        int? first;
        await using (var node = await NodeProcess.StartAsync(release.Command, Args))
        {
            AssertNothingOfTheSdkLoaded(node.Id);
            Assert.Contains(Maps(node.Id), line => line.EndsWith(Path.Combine(release.Folder, "libe_sqlite3.so"), StringComparison.Ordinal));
            first = (await node.Http.NewProxyAsync("laptop", "ssh")).GrantedPort();
            await node.StopAsync();
            Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}\n{node.Output}");
        }
        await using var again = await NodeProcess.StartAsync(release.Command, Args);
        var second = (await again.Http.NewProxyAsync("laptop", "ssh")).GrantedPort();
        await again.StopAsync();

        Assert.InRange(first ?? 0, 20000, 20999);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task on_postgres_it_answers_newproxy()
    {
        var database = await postgres.CreateDatabaseAsync("published_binary");

        await using var node = await NodeProcess.StartAsync(release.Command, _ => ["--postgres", database, "--allow-ports", "21000-21099"]);
        AssertNothingOfTheSdkLoaded(node.Id);
        var port = (await node.Http.NewProxyAsync("laptop", "ssh")).GrantedPort();
        await node.StopAsync();

        Assert.InRange(port ?? 0, 21000, 21099);
        Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}\n{node.Output}");
    }

    [Fact]
    public async Task under_systemd_it_notifies_ready_once_it_answers_and_logs_with_journald_priorities()
    {
        // systemd's hosting recognises a service by its parent process's name: start the node from
        // a copy of coreutils' timeout (duration 0: none) called systemd, which passes SIGTERM on.
        var launcher = Path.Combine(release.NewFolder("launcher"), "systemd");
        File.Copy("/usr/bin/timeout", launcher);
        // A unix socket's path has at most 108 characters: not under the release's long folder.
        using var notify = new NotifySocket(Path.Combine(Path.GetTempPath(), $"portkeeper-notify-{Guid.NewGuid():N}.sock"));
        var command = release.Command with { FileName = launcher, Prefix = ["0", release.Executable] };
        command = command.With(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
        var data = release.NewFolder("systemd");

        await using var node = NodeProcess.Launch(command, _ => ["--allow-ports", "22000-22099", "--data-dir", data]);
        var ready = await notify.ReceiveAsync(TimeSpan.FromMinutes(2));
        using var health = await node.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        var port = (await node.Http.NewProxyAsync("laptop", "ssh")).GrantedPort();
        await node.StopAsync();
        var stopping = await notify.ReceiveAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("READY=1", ready);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.InRange(port ?? 0, 22000, 22099);
        Assert.Equal("STOPPING=1", stopping);
        Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}\n{node.Output}");
        // The systemd console format: "<6>" (informational) before each entry, for journald.
        Assert.Contains(node.Output.Split('\n'), l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("PortKeeper started as a combined node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_image_health_check_passes_on_a_ready_node_and_fails_once_it_stopped()
    {
        var data = release.NewFolder("health");
        await using var node = await NodeProcess.StartAsync(release.Command, _ => ["--allow-ports", "23000-23099", "--data-dir", data]);
        // The image's check asks port 8080; this node listens on a free port.
        var check = DeployFiles.HealthCheck().Select(a => a.Replace("127.0.0.1/8080", $"127.0.0.1/{node.BaseAddress.Port}", StringComparison.Ordinal)).ToArray();
        var shell = new NodeCommand(check[0], [], new Dictionary<string, string>(), CleanEnvironment: false);

        var healthy = await NodeProcess.RunProgramAsync(shell, check[1..]);
        await node.StopAsync();
        var stopped = await NodeProcess.RunProgramAsync(shell, check[1..]);

        Assert.True(healthy.ExitCode == 0, $"exit {healthy.ExitCode}\n{healthy.Output}\n{healthy.Error}");
        Assert.NotEqual(0, stopped.ExitCode);
    }

    /// <summary>No file of the SDK's .NET installation is mapped into the process: the runtime came from the executable.</summary>
    private static void AssertNothingOfTheSdkLoaded(int pid)
    {
        var sdk = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory()).Parent!.Parent!.Parent!.FullName;
        Assert.DoesNotContain(Maps(pid), line => line.Contains(sdk, StringComparison.Ordinal));
    }

    /// <summary>The files mapped into process <paramref name="pid"/>, a line each.</summary>
    private static string[] Maps(int pid) => File.ReadAllLines($"/proc/{pid}/maps");
}
