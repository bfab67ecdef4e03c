using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace PortKeeper.Silo.Hosting;

/// <summary>Log levels PortKeeper starts from, below every configured level.</summary>
public static class PortKeeperLogging
{
    /// <summary>
    /// Information for PortKeeper's own lines, which say what happened in a line each; Warning for
    /// the categories that would write lines for every frps call (ASP.NET Core's request logs, and
    /// Polly's, which Orleans' grain placement runs for every activation) and for the host's start
    /// lines, which the node's own start-up line replaces; Orleans' own lines only from Error,
    /// membership included (its retries while the database is down repeat a stack trace every few seconds). Orleans' storage, activation and lifecycle errors repeat
    /// with stack traces what PortKeeper says in one line (a refusal, a node that cannot start), so
    /// they are left out, as is Orleans' note that it runs without server GC (chosen on purpose).
    /// Kestrel's line per connection refused at its connection limit is left out too: the gateway
    /// says how many in one line every 10 s. So are the errors a node lost makes Orleans write for
    /// every call that was on its way there (a placement attempt, a message that could not be
    /// addressed, the cancellation of a call), each with a stack trace: the gateway answers those calls, from storage or with a
    /// refusal it logs once every 10 s.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Hosting"] = "None",
        ["Logging:LogLevel:Polly"] = "Critical",
        ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Connections"] = "Error",
        ["Logging:LogLevel:Orleans"] = "Error",
        ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Error",
        ["Logging:LogLevel:Orleans.Messaging"] = "Critical",
        ["Logging:LogLevel:Orleans.Runtime.GrainCallCancellationManager"] = "Critical",
        ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Critical",
        ["Logging:LogLevel:Orleans.Runtime.SiloLifecycleSubject"] = "None",
        ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "None",
        ["Logging:LogLevel:Orleans.Storage"] = "None",
        ["Logging:LogLevel:Orleans.Grain"] = "None",
        ["Logging:LogLevel:Orleans.Hosting"] = "None",
    };

    /// <summary>
    /// Adds <see cref="DefaultLevels"/> as the first configuration source, so that appsettings,
    /// <c>Logging__*</c> environment variables and <c>--Logging:LogLevel:...</c> still win.
    /// </summary>
    public static IHostApplicationBuilder UsePortKeeperLogLevels(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLevels });
        return builder;
    }
}
