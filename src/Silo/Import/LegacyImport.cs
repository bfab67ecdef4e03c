using System.Collections.Concurrent;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>What an import did with each claim.</summary>
public sealed record ImportReport(int Imported, int AlreadyHeld, IReadOnlyList<string> Problems);

/// <summary>Takes over the data an earlier frp port keeper left on disk.</summary>
public static class LegacyImport
{
    /// <summary>
    /// Reads <paramref name="path"/>: a <c>db.json</c> (librepod/frp-port-keeper v0.3), a
    /// <c>ports.map</c> (docker-frps portmanager), or a folder of the Go keeper's files (the
    /// <c>gokv</c> folder or one holding it). Returns a plan whose problems say what was skipped;
    /// a path that is none of these gives a plan with one problem and no claim.
    /// </summary>
    public static LegacyPlan Read(string path)
    {
        if (Directory.Exists(path))
        {
            var folder = Directory.Exists(Path.Combine(path, "gokv")) ? Path.Combine(path, "gokv") : path;
            return Directory.Exists(Path.Combine(path, "gokv")) || Directory.EnumerateFiles(folder, "*.json").Any()
                ? LegacyData.FromGoKv(Directory.EnumerateFiles(folder, "*.json").Select(f => (Path.GetFileName(f), File.ReadAllText(f))))
                : File.Exists(Path.Combine(path, "db.json")) ? Read(Path.Combine(path, "db.json"))
                : File.Exists(Path.Combine(path, "ports.map")) ? Read(Path.Combine(path, "ports.map"))
                : LegacyPlan.Failed($"{path}: no gokv folder, *.json files, db.json or ports.map to import");
        }
        if (!File.Exists(path))
        {
            return LegacyPlan.Failed($"{path}: no such file or folder");
        }
        return Path.GetFileName(path) switch
        {
            var name when name.EndsWith(".map", StringComparison.OrdinalIgnoreCase) => LegacyData.FromPortsMap(File.ReadAllText(path)),
            var name when name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => LegacyData.FromDbJson(File.ReadAllText(path)),
            var name => LegacyPlan.Failed($"{name}: not a db.json, a ports.map or a gokv folder"),
        };
    }

    /// <summary>
    /// Gives each claimed key its old port through its user's grain (the user being the proxy name's prefix, as frpc names proxies), as a NewProxy naming that
    /// port would. Keys that already hold a port keep it; ports outside <paramref name="range"/>
    /// or held by another key are reported and skipped. Safe to run again.
    /// </summary>
    public static async Task<ImportReport> ApplyAsync(IGrainFactory grains, LegacyPlan plan, PortRange range, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>(plan.Problems);
        int imported = 0, held = 0;
        await Parallel.ForEachAsync(plan.Claims, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (claim, _) =>
        {
            var user = grains.User(GrainKeys.DefaultPool, claim.Key.User);
            if (!range.Contains(claim.Port))
            {
                problems.Enqueue($"{claim.Source}: {claim.Key} port {claim.Port} is outside {range}; the proxy gets a new port on its next request");
            }
            else if (await user.GetAsync(claim.Key.Protocol, claim.Key.Name) is { } existing)
            {
                Interlocked.Increment(ref held);
                if (existing.Port != claim.Port)
                {
                    problems.Enqueue($"{claim.Source}: {claim.Key} already holds port {existing.Port} here; its old port {claim.Port} is not imported");
                }
            }
            else
            {
                switch (await user.AcquireAsync(new ProxyRequest(claim.Key.Protocol, claim.Key.Name, claim.Port)))
                {
                    case Allocation.Granted:
                        Interlocked.Increment(ref imported);
                        break;
                    case var refused:
                        problems.Enqueue($"{claim.Source}: {claim.Key} port {claim.Port} not imported: {refused}");
                        break;
                }
            }
        });
        return new ImportReport(imported, held, [.. problems]);
    }
}
