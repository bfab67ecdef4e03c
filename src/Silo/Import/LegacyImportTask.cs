using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Import;

/// <summary>Runs <c>--import</c> when the silo starts, before the node answers frps, and logs what it did.</summary>
internal sealed partial class LegacyImportTask(
    IGrainFactory grains, PoolRegistry pools, IOptions<PortKeeperOptions> options, ILogger<LegacyImportTask> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (options.Value.Import is not { Length: > 0 } path)
        {
            return;
        }
        var report = await LegacyImport.ApplyAsync(grains, LegacyImport.Read(path), pools.Default.Range, cancellationToken);
        foreach (var problem in report.Problems)
        {
            LogProblem(problem);
        }
        LogReport(path, report.Imported, report.AlreadyHeld, report.Problems.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Path}: {Imported} leases taken over, {Held} already held here, {Problems} entries reported in the warnings above")]
    private partial void LogReport(string path, int imported, int held, int problems);
}
