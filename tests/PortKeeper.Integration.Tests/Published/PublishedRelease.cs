using System.Diagnostics;
using PortKeeper.Integration.Tests.Processes;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PortKeeper.Integration.Tests.Published;

/// <summary>
/// The linux-x64 release archive as an operator gets it: <c>scripts/publish.sh</c> run once
/// with a version of its own, its checksum verified, unpacked into a temporary folder, which is
/// deleted at the end.
/// </summary>
public sealed class PublishedRelease(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>Not the VERSION file's: proves that the script stamps the version it is given.</summary>
    public const string Version = "9.8.7-published";

    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(15);

    /// <summary>Temporary folder holding the archive, the unpacked release and the tests' data.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"portkeeper-release-{Guid.NewGuid():N}");

    /// <summary>The unpacked release folder, <c>portkeeper-&lt;version&gt;-linux-x64</c>.</summary>
    public string Folder => Path.Combine(Root, "unpacked", $"portkeeper-{Version}-linux-x64");

    /// <summary>The published executable.</summary>
    public string Executable => Path.Combine(Folder, "portkeeper");

    /// <summary>
    /// The executable with nothing of the SDK within reach: an environment of only PATH (an empty
    /// folder), HOME and DOTNET_ROOT (an empty folder), no other DOTNET_* variable.
    /// </summary>
    public NodeCommand Command => new(Executable, [], new Dictionary<string, string>
    {
        ["PATH"] = EmptyFolder("path"),
        ["HOME"] = EmptyFolder("home"),
        ["DOTNET_ROOT"] = EmptyFolder("dotnet-root"),
    }, CleanEnvironment: true);

    /// <summary>A new folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid():N}")).FullName;

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var dist = Path.Combine(Root, "dist");
        var script = Path.Combine(NodeProcess.RepositoryRoot(), "scripts", "publish.sh");
        await RunAsync("bash", script, "--arch", "x64", "--version", Version, "--out", dist);
        var published = clock.Elapsed;
        await RunAsync("bash", "-c", "cd \"$1\" && sha256sum --check --strict SHA256SUMS", "sha256sum", dist);
        Directory.CreateDirectory(Path.Combine(Root, "unpacked"));
        await RunAsync("tar", "-xzf", Path.Combine(dist, $"portkeeper-{Version}-linux-x64.tar.gz"), "-C", Path.Combine(Root, "unpacked"));
        diagnostics.OnMessage(new DiagnosticMessage(
            $"published linux-x64 in {published.TotalSeconds:F0} s; executable {new FileInfo(Executable).Length / 1_000_000} MB; archive " +
            $"{new FileInfo(Path.Combine(dist, $"portkeeper-{Version}-linux-x64.tar.gz")).Length / 1_000_000} MB"));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string EmptyFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, "empty", name)).FullName;

    private static async Task RunAsync(string program, params string[] args)
    {
        var command = new NodeCommand(program, [], new Dictionary<string, string>(), CleanEnvironment: false);
        var (exitCode, output, error) = await NodeProcess.RunProgramAsync(command, PublishLimit, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {exitCode}:\n{output}\n{error}");
        }
    }
}
