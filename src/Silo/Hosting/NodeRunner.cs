using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Postgres;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Silo.Hosting;

/// <summary>Runs a node, and words the one line and exit code it prints when it cannot start.</summary>
public static class NodeRunner
{
    /// <summary>Exit code of a bad setting.</summary>
    public const int BadSetting = 2;

    /// <summary>Exit code of any other failure to start (port or data folder in use, database unreachable or not writable).</summary>
    public const int CannotStart = 1;

    /// <summary>
    /// Runs a node: with <c>--help</c> or <c>--version</c> in <paramref name="args"/> prints the
    /// options or the version and returns 0; else <paramref name="start"/> builds and starts its
    /// host; a failure to start prints one line and returns its exit code, else the node runs
    /// until it is told to stop.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Func<Task<IHost>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var program = Assembly.GetEntryAssembly();
        var invocation = CommandLineHelp.Invocation(Environment.ProcessPath, program?.GetName().Name ?? CommandLineHelp.Program);
        if (CommandLineHelp.For(args, invocation, Version(program)) is { } text)
        {
            await Console.Out.WriteAsync(text);
            return 0;
        }
        IHost host;
        try
        {
            host = await start();
        }
        catch (Exception e) when (e is not HostAbortedException)
        {
            var (line, exitCode) = Describe(e);
            await Console.Error.WriteLineAsync($"portkeeper: {line}");
            if (!Expected(e))
            {
                // Not a setting, a busy port or folder, or a database that refused: a defect, with its trace.
                await Console.Error.WriteLineAsync(e.ToString());
            }
            return exitCode;
        }
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>
    /// A bad setting names the option; any other failure gives the most telling message in the
    /// exception chain (data folder or port in use, database refused), the details being in the log.
    /// </summary>
    public static (string Line, int ExitCode) Describe(Exception e) =>
        PortKeeperConfiguration.StartupError(e) is { } setting
            ? (setting, BadSetting)
            : ($"cannot start: {Telling(e).Message}", CannotStart);

    private static string Version(Assembly? program) =>
        program?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? program?.GetName().Version?.ToString()
        ?? "unknown";

    private static bool Expected(Exception e) =>
        PortKeeperConfiguration.StartupError(e) is not null
        || Chain(e).Any(x => x is IOException or SocketException or PostgresSchemaException or SqliteSchemaException
            or System.Data.Common.DbException or ClusterRangeException);

    private static Exception Telling(Exception e) =>
        Chain(e).FirstOrDefault(x => x is IOException or SocketException or PostgresSchemaException or SqliteSchemaException) ?? e.GetBaseException();

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
                yield break;
            }
            yield return x;
        }
    }
}
