using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortKeeper.Silo.Configuration;

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
    /// A bad setting names the option, as do a cluster whose ports differ and a PostgreSQL database
    /// that cannot be reached or prepared (exit code <see cref="BadSetting"/>); any other failure gives
    /// the most telling message in the exception chain (data folder or port in use, SQLite database
    /// refused), the details being in the log. Looks through aggregate and wrapping exceptions.
    /// </summary>
    public static (string Line, int ExitCode) Describe(Exception e) =>
        Settings(e) is { } setting
            ? (setting, BadSetting)
            : ($"cannot start: {Telling(e).Message}", CannotStart);

    // The distinct lines of every bad setting in the chain, joined; null when there is none.
    private static string? Settings(Exception e) =>
        Chain(e).SelectMany(x => x switch
            {
                StartupException { Failure: not StartupFailure.SqliteDatabase } s => [s.Message],
                OptionsValidationException o => o.Failures,
                _ => [],
            }).Distinct().ToList() is { Count: > 0 } lines
            ? string.Join("; ", lines)
            : null;

    private static string Version(Assembly? program) =>
        program?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? program?.GetName().Version?.ToString()
        ?? "unknown";

    private static bool Expected(Exception e) =>
        Chain(e).Any(x => x is StartupException or OptionsValidationException or IOException or SocketException or System.Data.Common.DbException);

    private static Exception Telling(Exception e) =>
        Chain(e).FirstOrDefault(x => x is IOException or SocketException or StartupException) ?? e.GetBaseException();

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
