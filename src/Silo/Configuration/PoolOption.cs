using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>One <c>--pool NAME=SPEC</c>: another pool, served at <c>{--plugin-path}/NAME</c>.</summary>
public sealed record PoolOption(string Name, PoolSource Source)
{
    /// <summary>The extensions of the frps config formats a SPEC may name.</summary>
    public static readonly IReadOnlyList<string> ConfigExtensions = [".toml", ".yaml", ".yml", ".json", ".ini"];

    /// <summary>
    /// Splits <c>NAME=SPEC</c> at its first <c>=</c>. Pure. Returns an error when there is no
    /// <c>=</c>, and the errors of <see cref="Parse(string, string)"/>.
    /// </summary>
    public static Parsed<PoolOption> Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? new Parsed<PoolOption>.Error($"'{entry.Trim()}' is not NAME=SPEC, like eu=30000-30999 or eu=/etc/frp/frps-eu.toml")
            : Parse(entry[..equals], entry[(equals + 1)..]);
    }

    /// <summary>
    /// The pool <paramref name="name"/> with ports <paramref name="spec"/>: an allow-ports list
    /// (frps INI syntax) when it holds only digits, '-', ',' and blanks, else the path of an frps
    /// config (.toml, .yaml, .yml, .json, .ini; read later). Pure. Returns an error for a bad
    /// name (<see cref="PoolRegistry.NameProblem"/>), an empty SPEC, a list that does not parse, or a
    /// path of another kind of file.
    /// </summary>
    public static Parsed<PoolOption> Parse(string name, string spec)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(spec);
        var (n, s) = (name.Trim(), spec.Trim());
        if (PoolRegistry.NameProblem(n) is { } problem)
        {
            return new Parsed<PoolOption>.Error(problem);
        }
        if (s.Length == 0)
        {
            return new Parsed<PoolOption>.Error($"pool '{n}' has no ports: give its allow ports (like {n}=30000-30999) or its frps config (like {n}=/etc/frp/frps-{n}.toml)");
        }
        if (s.All(c => char.IsAsciiDigit(c) || c is '-' or ',' || char.IsWhiteSpace(c)))
        {
            return AllowPorts.Parse(s) switch
            {
                Parsed<PortRange>.Ok ok => new Parsed<PoolOption>.Ok(new(n, new PoolSource.Ports(ok.Value))),
                Parsed<PortRange>.Error e => new Parsed<PoolOption>.Error($"pool '{n}': {e.Message}"),
                _ => throw new InvalidOperationException("unreachable"),
            };
        }
        return ConfigExtensions.Contains(Path.GetExtension(s).ToLowerInvariant())
            ? new Parsed<PoolOption>.Ok(new(n, new PoolSource.FrpsConfig(s)))
            : new Parsed<PoolOption>.Error($"pool '{n}': '{s}' is neither allow ports (like 30000-30999,31001) nor an frps config (.toml, .yaml, .yml, .json or .ini)");
    }
}
