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
        var file = ImportFile.Read(path);
        var read = Path.GetFullPath(path);
        if (file.Unreadable is { } unreadable)
        {
            // Start-up validation refuses such data; it may have changed since.
            throw new StartupException(StartupFailure.Setting, $"{NodeOptions.Import.Switch}: {unreadable}");
        }
        if (file is ImportFile.Document document)
        {
            LogDocument(read, await DocumentImport.ApplyAsync(grains, pools, document.Export, dryRun: false, remember: read, cancellationToken));
            return;
        }
        var plan = ((ImportFile.Legacy)file).Plan;
        var report = await LegacyImport.ApplyAsync(grains, plan, pools.Default.Range, cancellationToken);
        foreach (var problem in report.Problems)
        {
            LogProblem(problem);
        }
        LogReport(read, report.Imported, report.AlreadyHeld, report.Earlier, report.Problems.Count);
    }

    private void LogDocument(string path, DocumentImportReport report)
    {
        foreach (var pool in report.Pools)
        {
            foreach (var conflict in pool.Conflicts)
            {
                var what = string.Join(' ', new[] { conflict.Protocol, conflict.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture), conflict.Proxy ?? conflict.Group ?? conflict.User }.OfType<string>());
                LogProblem($"{path}: pool {pool.Pool}: {what}: {conflict.Reason}");
            }
            LogPool(path, pool.Pool, pool.Imported, pool.Unchanged, pool.Earlier, pool.ReservationsImported, pool.LimitsImported, pool.Conflicts.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Path} into pool {Pool}: {Imported} leases taken over (offline until their proxies connect), {Unchanged} already held here the same, {Earlier} entries taken over by an earlier import and left as they are, {Reservations} reservations made, {Limits} users' limits set, {Conflicts} conflicts reported in the warnings above")]
    private partial void LogPool(string path, string pool, int imported, int unchanged, int earlier, int reservations, int limits, int conflicts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Path}: {Imported} leases taken over (offline until their proxies connect), {Held} already held here, {Earlier} taken over by an earlier import and left as they are, {Problems} entries reported in the warnings above")]
    private partial void LogReport(string path, int imported, int held, int earlier, int problems);
}
