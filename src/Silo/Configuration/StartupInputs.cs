using PortKeeper.Domain;
using PortKeeper.Silo.Import;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// What reading the settings takes from outside the configuration: environment variables set by a
/// pod, the frps configs and the data to import. Passed in, so that <see cref="PortKeeperSettings.Read"/>
/// stays a pure function of its arguments.
/// </summary>
/// <param name="Variable">The value of an environment variable, or null.</param>
/// <param name="ReadFrps">The frps config at a path, or why it cannot be read.</param>
/// <param name="ImportProblem">Why the data at a path of <c>--import</c> cannot be imported, or null.</param>
public sealed record StartupInputs(
    Func<string, string?> Variable,
    Func<string, Parsed<FrpsSettings>> ReadFrps,
    Func<string, string?> ImportProblem)
{
    /// <summary>This process's environment and file system.</summary>
    public static StartupInputs OfThisMachine { get; } = new(
        Environment.GetEnvironmentVariable,
        FrpsConfigReader.Read,
        path => File.Exists(path) || Directory.Exists(path) ? ImportFile.Read(path).Unreadable : $"'{path}' is no file or folder");
}
