using Microsoft.Extensions.Configuration;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Reads the <c>PortKeeper</c> section into <see cref="PortKeeperOptions"/> by the option table,
/// without throwing: a value that does not convert is left at its default and reported, as is a
/// key that is no option (the configuration binder's <c>ErrorOnUnknownConfiguration</c> would
/// throw at the first, naming it as a property rather than as the user typed it).
/// </summary>
internal static class OptionsReader
{
    /// <summary>The options of <paramref name="section"/>, and one problem per unconvertible or unknown key, with its option (null for an unknown key). Pure.</summary>
    public static (PortKeeperOptions Options, IReadOnlyList<(NodeOption? Option, string Key, string Problem)> Problems) Read(IConfiguration section)
    {
        var o = new PortKeeperOptions();
        var problems = new List<(NodeOption?, string, string)>();
        foreach (var child in section.GetChildren())
        {
            if (!NodeOptions.ByProperty.TryGetValue(child.Key, out var option))
            {
                problems.Add((null, child.Path, "is not a PortKeeper setting"));
            }
            else if (option == NodeOptions.Pools)
            {
                problems.AddRange(PoolEntries.Read(child, o.Pools).Select(p => ((NodeOption?)option, p.Key, p.Problem)));
            }
            else if (child.Value is { } text && option.Set(text, o) is { } problem)
            {
                problems.Add((option, child.Path, problem));
            }
        }
        return (o, problems);
    }
}
