using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace PortKeeper.Silo.Hosting;

/// <summary>Log levels PortKeeper starts from, below every configured level.</summary>
public static class PortKeeperLogging
{
    /// <summary>
    /// Information by default, but Warning for the categories that would write lines for every
    /// frps call: ASP.NET Core's request logs, and Polly's, which Orleans' grain placement runs
    /// for every activation.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
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
