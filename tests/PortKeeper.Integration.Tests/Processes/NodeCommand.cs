using System.Diagnostics;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>
/// How a node program is started: the file to run, the arguments before the node's own, and its
/// environment (the test's own plus <see cref="Environment"/>, or only that with <see cref="CleanEnvironment"/>).
/// </summary>
public sealed record NodeCommand(string FileName, IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string> Environment, bool CleanEnvironment)
{
    /// <summary><c>dotnet &lt;dll&gt;</c> of the build, as a developer starts it.</summary>
    public static NodeCommand Built(string dll) =>
        new("dotnet", [dll], new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" }, CleanEnvironment: false);

    /// <summary>The same command with more environment variables.</summary>
    public NodeCommand With(IReadOnlyDictionary<string, string> environment) =>
        this with { Environment = Environment.Concat(environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value) };

    /// <summary>A start info running this command with <paramref name="args"/>, its output redirected.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        if (CleanEnvironment)
        {
            start.Environment.Clear();
        }
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }
}
