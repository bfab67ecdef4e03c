using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>
/// A PortKeeper gateway running as a real process from the built output, as a user starts it:
/// <c>dotnet PortKeeper.Gateway.dll --urls ... --allow-ports ...</c>. Killed on dispose.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, Uri baseAddress, int siloPort = 0)
    {
        SiloPort = siloPort;
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = Deadlines.Quick };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>The node's Orleans silo port.</summary>
    public int SiloPort { get; }

    public HttpClient Http { get; }

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The exit code, once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a node with free HTTP, silo and gateway ports and waits until it answers /healthz/ready.</summary>
    public static async Task<NodeProcess> StartAsync(params string[] args)
    {
        var node = Launch(Built, _ => args);
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>
    /// Starts a node on free HTTP, silo and gateway ports that <paramref name="args"/> may use
    /// (for example in <c>--allow-ports</c>), and waits until it answers /healthz/ready.
    /// </summary>
    public static Task<NodeProcess> StartAsync(Func<(int Http, int Silo, int Gateway), string[]> args) => StartAsync(Built, args);

    /// <summary>Starts <paramref name="command"/> as <see cref="Launch(NodeCommand, Func{ValueTuple{int, int, int}, string[]})"/> does, and waits until it answers /healthz/ready.</summary>
    public static async Task<NodeProcess> StartAsync(NodeCommand command, Func<(int Http, int Silo, int Gateway), string[]> args)
    {
        var node = Launch(command, args);
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>
    /// Starts <paramref name="command"/> (the published executable, say) as a node on free HTTP,
    /// silo and gateway ports that <paramref name="args"/> may use; <see cref="WaitUntilReadyAsync"/> waits for it.
    /// </summary>
    public static NodeProcess Launch(NodeCommand command, Func<(int Http, int Silo, int Gateway), string[]> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var free = FreePorts(3);
        var ports = (Http: free[0], Silo: free[1], Gateway: free[2]);
        return new NodeProcess(
            Start(command, ["--urls", $"http://127.0.0.1:{ports.Http}", "--silo-port", $"{ports.Silo}", "--gateway-port", $"{ports.Gateway}", .. args(ports)]),
            new Uri($"http://127.0.0.1:{ports.Http}"),
            ports.Silo);
    }

    /// <summary>Starts a node without waiting for it; <see cref="WaitUntilReadyAsync"/> waits.</summary>
    public static NodeProcess Launch(params string[] args) => Launch(Built, _ => args);

    /// <summary>Runs a node that is expected to stop by itself; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        await using var node = Launch(Built, _ => args);
        // Also waits until the redirected output has been read to its end.
        await node._process.WaitForExitAsync().WithinAsync(Deadlines.Slow, $"the node to stop by itself:\n{node.Output}");
        return (node._process.ExitCode, node.Output);
    }

    /// <summary>
    /// Runs <c>dotnet PortKeeper.&lt;project&gt;.dll</c> with exactly <paramref name="args"/>, expected
    /// to stop by itself within 60 s; its exit code, standard output and standard error.
    /// </summary>
    public static Task<(int ExitCode, string Output, string Error)> RunProgramAsync(string project, params string[] args) =>
        RunProgramAsync(NodeCommand.Built(BuiltDll(project, $"PortKeeper.{project}.dll")), args);

    /// <summary>Runs <paramref name="command"/> with exactly <paramref name="args"/>, expected to stop by itself within 60 s.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunProgramAsync(NodeCommand command, params string[] args) =>
        RunProgramAsync(command, TimeSpan.FromSeconds(60), args);

    /// <summary>Runs <paramref name="command"/> with exactly <paramref name="args"/>, expected to stop by itself within <paramref name="limit"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunProgramAsync(NodeCommand command, TimeSpan limit, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var process = Start(command, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command.FileName} {string.Join(' ', args)} did not exit within {limit.TotalSeconds} s");
        }
        return (process.ExitCode, await output.WithinAsync(Deadlines.Quick, "the end of its output"), await error.WithinAsync(Deadlines.Quick, "the end of its error output"));
    }

    private static NodeCommand Built => NodeCommand.Built(BuiltDll("Gateway", "PortKeeper.Gateway.dll"));

    private static Process Start(NodeCommand command, IEnumerable<string> args) => Process.Start(command.StartInfo(args))!;

    /// <summary>Stops the process as systemd does (SIGTERM) and waits for it: a silo leaves its cluster.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", $"{_process.Id}"]);
            await term.WaitForExitAsync().WithinAsync(Deadlines.Quick, "kill -TERM to return");
            await _process.WaitForExitAsync().WithinAsync(Deadlines.Quick, $"the node to stop on SIGTERM:\n{Output}");
        }
    }

    /// <summary>
    /// Freezes the process (SIGSTOP), as a node that hangs: its sockets stay open and nothing on them
    /// is answered; <see cref="KillAsync"/> ends it.
    /// </summary>
    public void Freeze()
    {
        using var stop = Process.Start("kill", ["-STOP", $"{_process.Id}"]);
        if (!stop.WaitForExit(Deadlines.Quick))
        {
            throw new TimeoutException($"kill -STOP did not return within {Deadlines.Quick.TotalSeconds} s");
        }
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithinAsync(Deadlines.Quick, "the killed node to exit");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>Waits until the node answers /healthz/ready (<see cref="Deadlines.Slow"/> at most).</summary>
    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + Deadlines.Slow;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Waits until the redirected output has been read to its end.
                await _process.WaitForExitAsync().WithinAsync(Deadlines.Quick, "the end of the exited node's output");
                throw new InvalidOperationException($"node exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
                if ((await probe.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"node did not get ready within {Deadlines.Slow.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Loopback ports that are free now, all different (each held until all are chosen).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>A loopback port that is free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A program's file as built next to these tests: src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0.</summary>
    public static string BuiltDll(string project, string file)
    {
        var here = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = here.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", project, "bin", configuration, "net10.0", file);
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }

    /// <summary>The folder of PortKeeper.sln above these tests.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PortKeeper.sln")))
        {
            root = root.Parent;
        }
        return root?.FullName ?? throw new InvalidOperationException("PortKeeper.sln not found above the tests");
    }
}
