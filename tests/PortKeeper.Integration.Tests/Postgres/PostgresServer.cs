using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortKeeper.Integration.Tests.Postgres;

/// <summary>
/// A PostgreSQL server for the test run: the one named by <c>PORTKEEPER_TEST_POSTGRES</c> (a
/// connection string), or else a private instance made with initdb in a temporary folder and
/// started on a free loopback port, as the <c>postgres</c> user when the tests run as root.
/// Fails (never skips) when neither is possible.
/// </summary>
public sealed class PostgresServer(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string EnvironmentVariable = "PORTKEEPER_TEST_POSTGRES";

    private PrivateInstance? instance;

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A fresh, empty database (dropped first if a previous run left it); its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (name.Length is 0 or > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException($"database name '{name}' must be 1-63 characters of a-z, 0-9 and _", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE); CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        // Pooled connections to a dropped namesake were terminated; never hand them out again.
        NpgsqlConnection.ClearAllPools();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown) to simulate an outage; only for the private instance.</summary>
    public async Task StopAsync()
    {
        await Private().StopAsync();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the stopped private instance again, on the same port and data folder.</summary>
    public Task StartAsync() => Private().StartAsync();

    /// <summary>
    /// Freezes the server (SIGSTOP to the postmaster and every backend): connections and queries
    /// hang instead of failing, as with a stuck disk or a network partition. Only for the private instance.
    /// </summary>
    public void Freeze() => Private().Signal("-STOP");

    /// <summary>Lets a frozen server run on (SIGCONT).</summary>
    public void Thaw() => Private().Signal("-CONT");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            await ProbeAsync($"{EnvironmentVariable} names a server that does not answer");
            Report($"using the PostgreSQL server of {EnvironmentVariable} ({clock.ElapsedMilliseconds} ms to connect)");
            return;
        }

        instance = await PrivateInstance.CreateAsync();
        ConnectionString = instance.ConnectionString;
        await ProbeAsync("the private PostgreSQL instance started but does not answer");
        Report($"private PostgreSQL {instance.Version} on 127.0.0.1:{instance.Port} ready in {clock.ElapsedMilliseconds} ms ({instance.Root})");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }
    }

    /// <summary>A loopback TCP port that was free a moment ago.</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private PrivateInstance Private() =>
        instance ?? throw new InvalidOperationException($"the server of {EnvironmentVariable} cannot be stopped or started by the tests");

    private async Task ProbeAsync(string failure)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"{failure}: {e.Message}", e);
        }
    }

    private void Report(string message) => diagnostics.OnMessage(new DiagnosticMessage(message));

    private sealed class PrivateInstance : IAsyncDisposable
    {
        private const string ServerRoot = "/usr/lib/postgresql";
        private const string OsUser = "postgres";

        private readonly string bin;
        private readonly bool asOsUser;

        private PrivateInstance(string bin, string version, string root, int port, bool asOsUser)
        {
            this.bin = bin;
            this.asOsUser = asOsUser;
            Version = version;
            Root = root;
            Port = port;
        }

        public string Version { get; }

        public string Root { get; }

        public int Port { get; }

        private string DataDir => Path.Combine(Root, "data");

        private string SocketDir => Path.Combine(Root, "socket");

        private string LogFile => Path.Combine(Root, "server.log");

        public string ConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            Timeout = 5,
        }.ConnectionString;

        public static async Task<PrivateInstance> CreateAsync()
        {
            var (bin, version) = FindServer();
            var asOsUser = Environment.UserName == "root";
            var root = Path.Combine(Path.GetTempPath(), $"portkeeper-pg-{Guid.NewGuid():N}");
            var server = new PrivateInstance(bin, version, root, FreeLoopbackPort(), asOsUser);
            Directory.CreateDirectory(server.SocketDir);
            if (asOsUser)
            {
                await RunAsync("chown", ["-R", $"{OsUser}:{OsUser}", root]);
            }

            await server.RunServerToolAsync("initdb", ["-D", server.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await File.AppendAllTextAsync(Path.Combine(server.DataDir, "postgresql.conf"), """

                # PortKeeper test instance: small, durable, loopback only.
                fsync = on
                synchronous_commit = on
                full_page_writes = on
                shared_buffers = 32MB
                max_connections = 200
                max_wal_size = 256MB
                log_min_messages = warning
                """);
            await server.StartAsync();
            return server;
        }

        public Task StartAsync() => RunServerToolAsync("pg_ctl", [
            "start", "-D", DataDir, "-l", LogFile, "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {SocketDir}"]);

        public Task StopAsync() => RunServerToolAsync("pg_ctl", ["stop", "-D", DataDir, "-m", "fast", "-w", "-t", "60"]);

        // The postmaster's pid is the first line of postmaster.pid; its backends are its children.
        public void Signal(string signal)
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            var children = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => name!.All(char.IsAsciiDigit))
                .Select(name => (Pid: name!, Stat: TryRead($"/proc/{name}/stat")))
                .Where(p => p.Stat is not null && ParentOf(p.Stat) == postmaster)
                .Select(p => p.Pid);
            using var kill = System.Diagnostics.Process.Start("kill", [signal, $"{postmaster}", .. children])!;
            if (!kill.WaitForExit(Deadlines.Quick))
            {
                throw new TimeoutException($"kill {signal} of PostgreSQL did not return within {Deadlines.Quick.TotalSeconds} s");
            }
        }

        private static string? TryRead(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException)
            {
                return null;
            }
        }

        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        private static int ParentOf(string stat) =>
            int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunServerToolAsync("pg_ctl", ["stop", "-D", DataDir, "-m", "immediate", "-w", "-t", "30"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped (a test stopped it and failed before starting it again).
            }

            Directory.Delete(Root, recursive: true);
        }

        private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments)
        {
            var path = Path.Combine(bin, tool);
            return asOsUser
                ? RunAsync("runuser", ["-u", OsUser, "--", path, .. arguments], LogFile)
                : RunAsync(path, arguments, LogFile);
        }

        private static (string Bin, string Version) FindServer()
        {
            var found = Directory.Exists(ServerRoot)
                ? Directory.GetDirectories(ServerRoot)
                    .Select(dir => (Dir: dir, Version: Path.GetFileName(dir)))
                    .Where(v => File.Exists(Path.Combine(v.Dir, "bin", "postgres")))
                    .OrderByDescending(v => decimal.TryParse(v.Version, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : -1)
                    .ToList()
                : [];
            return found.Count > 0
                ? (Path.Combine(found[0].Dir, "bin"), found[0].Version)
                : throw new InvalidOperationException(
                    $"no PostgreSQL server found: {ServerRoot}/*/bin/postgres is missing and {EnvironmentVariable} is not set. " +
                    $"Run scripts/install-postgres.sh, or set {EnvironmentVariable} to a connection string.");
        }

        private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? logFile = null)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)
                ?? throw new InvalidOperationException($"cannot start {program}");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WithinAsync(Deadlines.Slow, $"{program} {string.Join(' ', arguments)} to exit");
            if (process.ExitCode != 0)
            {
                var log = logFile is not null && File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "";
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await error}{log}");
            }
        }
    }
}

/// <summary>Test classes in this collection share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
