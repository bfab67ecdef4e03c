using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>The entries of <c>--pool</c> in the configuration, which takes them in three shapes.</summary>
internal static class PoolEntries
{
    /// <summary>
    /// Reads the pools of <paramref name="section"/> into <paramref name="pools"/>: a list of
    /// <c>NAME=SPEC</c> (<c>PortKeeper:Pools:0</c>), an object of NAME to SPEC
    /// (<c>PortKeeper:Pools:eu</c>, which the command line writes), or one <c>NAME=SPEC</c> as the
    /// section's own value. Returns one problem per bad or repeated entry, with its key.
    /// </summary>
    public static IReadOnlyList<(string Key, string Problem)> Read(IConfigurationSection section, IDictionary<string, PoolSource> pools)
    {
        var entries = new List<(string Key, Parsed<PoolOption> Parsed)>();
        if (section.Value is { Length: > 0 } single)
        {
            entries.Add((section.Path, PoolOption.Parse(single)));
        }
        foreach (var child in section.GetChildren())
        {
            if (child.Value is not { } value)
            {
                entries.Add((child.Path, new Parsed<PoolOption>.Error($"'{child.Key}' is not NAME=SPEC or a pool name with its SPEC")));
                continue;
            }
            var listed = child.Key.All(char.IsAsciiDigit) && value.Contains('=', StringComparison.Ordinal);
            entries.Add((child.Path, listed ? PoolOption.Parse(value) : PoolOption.Parse(child.Key, value)));
        }
        var problems = new List<(string Key, string Problem)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, parsed) in entries)
        {
            switch (parsed)
            {
                case Parsed<PoolOption>.Error e:
                    problems.Add((key, e.Message));
                    break;
                case Parsed<PoolOption>.Ok { Value.Name: var name } when seen.TryGetValue(name, out var first):
                    problems.Add((key, $"pool '{name}' is set twice ({first} and {key}); set it once"));
                    break;
                case Parsed<PoolOption>.Ok ok:
                    seen[ok.Value.Name] = key;
                    pools[ok.Value.Name] = ok.Value.Source;
                    break;
            }
        }
        return problems;
    }
}
