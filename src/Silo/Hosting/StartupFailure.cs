using System.Net.Sockets;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Silo.Hosting;

/// <summary>The one line and exit code a node prints when it cannot start.</summary>
public static class StartupFailure
{
    /// <summary>Exit code of a bad setting.</summary>
    public const int BadSetting = 2;

    /// <summary>Exit code of any other failure to start (port or data folder in use, database unreachable).</summary>
    public const int CannotStart = 1;

    /// <summary>
    /// A bad setting names the option; any other failure gives the most telling message in the
    /// exception chain (data folder or port in use, database refused), the details being in the log.
    /// </summary>
    public static (string Line, int ExitCode) Describe(Exception e) =>
        PortKeeperConfiguration.StartupError(e) is { } setting
            ? (setting, BadSetting)
            : ($"cannot start: {Telling(e).Message}", CannotStart);

    private static Exception Telling(Exception e) =>
        Chain(e).FirstOrDefault(x => x is IOException or SocketException or PostgresSchemaException) ?? e.GetBaseException();

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
