using System.Collections.Concurrent;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>Takes over the data an earlier frp port keeper left on disk.</summary>
public static class LegacyImport
{
    /// <summary>
    /// Reads <paramref name="path"/>: a <c>db.json</c> (librepod/frp-port-keeper v0.3), a
    /// <c>ports.map</c> (docker-frps portmanager), or a folder of the Go keeper's files (the
    /// <c>gokv</c> folder or one holding it). Returns a plan whose problems say what was skipped, each
    /// naming the file read; data that is none of these (or broken as a whole) gives a plan with no
    /// claim whose <see cref="LegacyPlan.Unreadable"/> says why.
    /// </summary>
    public static LegacyPlan Read(string path)
    {
        path = Path.GetFullPath(path);
        if (Directory.Exists(path))
        {
            var folder = Directory.Exists(Path.Combine(path, "gokv")) ? Path.Combine(path, "gokv") : path;
            return Directory.Exists(Path.Combine(path, "gokv")) || Directory.EnumerateFiles(folder, "*.json").Any()
                ? LegacyData.FromGoKv(Directory.EnumerateFiles(folder, "*.json").Select(f => (Path.GetFileName(f), File.ReadAllText(f))), folder)
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
            var name when name.EndsWith(".map", StringComparison.OrdinalIgnoreCase) => LegacyData.FromPortsMap(File.ReadAllText(path), path),
            var name when name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => LegacyData.FromDbJson(File.ReadAllText(path), path),
            _ => LegacyPlan.Failed($"{path}: not a db.json, a ports.map or a gokv folder"),
        };
    }

    /// <summary>The name under which a claim is remembered as taken over: its file (or folder) and its key.</summary>
    public static string EntryOf(LegacyClaim claim) =>
        $"{(claim.Source.LastIndexOf(" line ", StringComparison.Ordinal) is var line and > 0 ? claim.Source[..line] : claim.Source)}\n{claim.Key}\n{claim.Key.User}";

    /// <summary>The claims of <paramref name="plan"/> no earlier import took over.</summary>
    public static IReadOnlyList<LegacyClaim> NotYetTaken(LegacyPlan plan, IEnumerable<string> imported)
    {
        var taken = imported.ToHashSet(StringComparer.Ordinal);
        return [.. plan.Claims.Where(c => !taken.Contains(EntryOf(c)))];
    }

    /// <summary>
    /// Gives each claimed key its old port through its user's grain (the user being the proxy name's
    /// prefix, as frpc names proxies), stored offline since now until the proxy connects, granted at the
    /// legacy keeper's time where the format kept one. Each claim is taken over once: what an earlier
    /// import took over (by file and entry) is skipped, so that a lease released since never comes back.
    /// Keys that already hold a port keep it; ports outside <paramref name="range"/> or held by another
    /// key are reported and skipped.
    /// </summary>
    public static async Task<ImportReport> ApplyAsync(IGrainFactory grains, LegacyPlan plan, PortRange range, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>(plan.Problems);
        var record = grains.Import(GrainKeys.DefaultPool);
        var pending = NotYetTaken(plan, await record.ImportedAsync());
        var settled = new ConcurrentQueue<string>();
        int imported = 0, held = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (claim, _) =>
        {
            if (!range.Contains(claim.Port))
            {
                problems.Enqueue($"{claim.Source}: {claim.Key} port {claim.Port} is outside {range}; the proxy gets a new port on its next request");
                return;
            }
            switch (await grains.User(GrainKeys.DefaultPool, claim.Key.User).ImportAsync(claim.Key.Protocol, claim.Key.Name, claim.Port, claim.CreatedAt))
            {
                case Allocation.Granted { IsNew: true }:
                    Interlocked.Increment(ref imported);
                    settled.Enqueue(EntryOf(claim));
                    break;
                case Allocation.Granted existing:
                    Interlocked.Increment(ref held);
                    settled.Enqueue(EntryOf(claim));
                    if (existing.Port != claim.Port)
                    {
                        problems.Enqueue($"{claim.Source}: {claim.Key} already holds port {existing.Port} here; its old port {claim.Port} is not imported");
                    }
                    break;
                case Allocation.Unavailable refused:
                    // Not remembered: the next start tries again.
                    problems.Enqueue($"{claim.Source}: {claim.Key} port {claim.Port} not imported now: {refused.Reason}");
                    break;
                case var refused:
                    settled.Enqueue(EntryOf(claim));
                    problems.Enqueue($"{claim.Source}: {claim.Key} port {claim.Port} not imported: {refused}");
                    break;
            }
        });
        // Remembered after the leases are stored: a crash in between only repeats claims, which then find their port held.
        var recorded = await record.RecordAsync([.. settled]);
        if (!recorded)
        {
            problems.Enqueue("which entries were taken over could not be stored; the next start tries them again and finds their ports held");
        }
        return new ImportReport(imported, held, plan.Claims.Count - pending.Count, [.. problems]);
    }
}
