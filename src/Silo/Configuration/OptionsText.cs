using System.Globalization;
using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Copies the <c>PortKeeper</c> section into <see cref="PortKeeperOptions"/> without throwing:
/// a value that does not convert is left at its default and reported, so that start-up can
/// name the option instead of failing inside the configuration binder.
/// </summary>
internal static class OptionsText
{
    /// <summary>Applies the section to <paramref name="o"/>; returns one problem per unconvertible or unknown key.</summary>
    public static IReadOnlyList<(OptionName? Option, string Key, string Problem)> Apply(IConfiguration section, PortKeeperOptions o)
    {
        var problems = new List<(OptionName?, string, string)>();
        foreach (var child in section.GetChildren())
        {
            if (!OptionNames.ByProperty.TryGetValue(child.Key, out var option))
            {
                problems.Add((null, child.Path, "is not a PortKeeper setting"));
                continue;
            }
            if (option == OptionNames.Pools)
            {
                problems.AddRange(ApplyPools(child, o).Select(p => ((OptionName?)option, p.Key, p.Problem)));
                continue;
            }
            if (child.Value is not { } text)
            {
                continue;
            }
            var problem = Set(option, text, o);
            if (problem is not null)
            {
                problems.Add((option, child.Path, problem));
            }
        }
        return problems;
    }

    /// <summary>
    /// Reads the pools of <c>--pool</c>: a list of <c>NAME=SPEC</c> (<c>PortKeeper:Pools:0</c>), an
    /// object of NAME to SPEC (<c>PortKeeper:Pools:eu</c>, which the command line writes), or one
    /// <c>NAME=SPEC</c> as the section's own value. Returns one problem per bad or repeated entry.
    /// </summary>
    private static IEnumerable<(string Key, string Problem)> ApplyPools(IConfigurationSection section, PortKeeperOptions o)
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
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, parsed) in entries)
        {
            switch (parsed)
            {
                case Parsed<PoolOption>.Error e:
                    yield return (key, e.Message);
                    break;
                case Parsed<PoolOption>.Ok { Value.Name: var name } when seen.TryGetValue(name, out var first):
                    yield return (key, $"pool '{name}' is set twice ({first} and {key}); set it once");
                    break;
                case Parsed<PoolOption>.Ok ok:
                    seen[ok.Value.Name] = key;
                    o.Pools[ok.Value.Name] = Spec(key, ok.Value);
                    break;
            }
        }
    }

    private static string Spec(string key, PoolOption pool) => pool.Source switch
    {
        PoolSource.Ports ports => ports.Range.ToString(),
        PoolSource.FrpsConfig file => file.Path,
        _ => throw new ArgumentOutOfRangeException(nameof(pool), key, "an unknown pool source"),
    };

    /// <summary>
    /// Reads a duration: <c>500ms</c>, <c>5s</c>, <c>1.5s</c>, <c>90m</c>, <c>12h</c>, <c>30d</c>, or
    /// <c>00:00:05</c>. A bare number has no unit and is refused.
    /// </summary>
    public static TimeSpan? Duration(string text)
    {
        var t = text.Trim();
        return t switch
        {
            _ when t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => Number(t[..^2]) is double ms ? TimeSpan.FromMilliseconds(ms) : null,
            _ when t.EndsWith('s') || t.EndsWith('S') => Number(t[..^1]) is double s ? TimeSpan.FromSeconds(s) : null,
            _ when t.EndsWith('m') || t.EndsWith('M') => Number(t[..^1]) is double m ? TimeSpan.FromMinutes(m) : null,
            _ when t.EndsWith('h') || t.EndsWith('H') => Number(t[..^1]) is double h ? TimeSpan.FromHours(h) : null,
            _ when t.EndsWith('d') || t.EndsWith('D') => Number(t[..^1]) is double d ? TimeSpan.FromDays(d) : null,
            _ when t.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) => span,
            _ => null,
        };
    }

    private static string? Set(OptionName option, string text, PortKeeperOptions o)
    {
        switch (option.Property)
        {
            case nameof(PortKeeperOptions.AllowPorts): o.AllowPorts = text; break;
            case nameof(PortKeeperOptions.ExcludePorts): o.ExcludePorts = text; break;
            case nameof(PortKeeperOptions.FrpsConfig): o.FrpsConfig = text; break;
            case nameof(PortKeeperOptions.DataDir): o.DataDir = text; break;
            case nameof(PortKeeperOptions.Postgres): o.Postgres = text; break;
            case nameof(PortKeeperOptions.AdvertiseAddress): o.AdvertiseAddress = text; break;
            case nameof(PortKeeperOptions.Role) when RoleOf(text) is NodeRole role: o.Role = role; break;
            case nameof(PortKeeperOptions.Role):
                return $"'{text}' is not a role: combined, gateway or silo";
            case nameof(PortKeeperOptions.AcceptRangeChange) when bool.TryParse(text.Trim(), out var accept): o.AcceptRangeChange = accept; break;
            case nameof(PortKeeperOptions.Kubernetes) when bool.TryParse(text.Trim(), out var kubernetes): o.Kubernetes = kubernetes; break;
            case nameof(PortKeeperOptions.Kubernetes):
                return $"'{text}' is not true or false";
            case nameof(PortKeeperOptions.AcceptRangeChange):
                return $"'{text}' is not true or false";
            case nameof(PortKeeperOptions.ClusterId): o.ClusterId = text; break;
            case nameof(PortKeeperOptions.ServiceId): o.ServiceId = text; break;
            case nameof(PortKeeperOptions.PluginPath): o.PluginPath = text; break;
            case nameof(PortKeeperOptions.Import): o.Import = text; break;
            case nameof(PortKeeperOptions.AdminToken): o.AdminToken = string.IsNullOrWhiteSpace(text) ? null : text; break;
            case nameof(PortKeeperOptions.SiloPort) when Whole(text) is int silo: o.SiloPort = silo; break;
            case nameof(PortKeeperOptions.GatewayPort) when Whole(text) is int gateway: o.GatewayPort = gateway; break;
            case nameof(PortKeeperOptions.SiloPort) or nameof(PortKeeperOptions.GatewayPort):
                return $"'{text}' is not a port (1-65535)";
            case nameof(PortKeeperOptions.MaxBodyBytes) when Whole(text) is int bytes: o.MaxBodyBytes = bytes; break;
            case nameof(PortKeeperOptions.MaxPortsPerUser) when Whole(text) is int most: o.MaxPortsPerUser = most; break;
            case nameof(PortKeeperOptions.MaxPortsPerUser):
                return $"'{text}' is not a whole number of ports (0 for no limit)";
            case nameof(PortKeeperOptions.MaxBodyBytes):
                return $"'{text}' is not a whole number of bytes";
            case nameof(PortKeeperOptions.AnswerTimeout) when Duration(text) is TimeSpan timeout: o.AnswerTimeout = timeout; break;
            case nameof(PortKeeperOptions.LeaseExpiry) when string.IsNullOrWhiteSpace(text): o.LeaseExpiry = null; break;
            case nameof(PortKeeperOptions.LeaseExpiry) when Duration(text) is TimeSpan expiry: o.LeaseExpiry = expiry; break;
            case nameof(PortKeeperOptions.LeaseExpiry):
                return $"'{text}' is not a duration like 30d, 12h or 90m";
            case nameof(PortKeeperOptions.SessionTimeout) when text.Trim() == "0": o.SessionTimeout = TimeSpan.Zero; break;
            case nameof(PortKeeperOptions.SessionTimeout) when Duration(text) is TimeSpan session: o.SessionTimeout = session; break;
            case nameof(PortKeeperOptions.SessionTimeout):
                return $"'{text}' is not a duration like 5m or 90s (0 turns it off)";
            case nameof(PortKeeperOptions.AnswerTimeout):
                return $"'{text}' is not a duration like 5s or 500ms";
            case nameof(PortKeeperOptions.AllowEmptyUser) when bool.TryParse(text.Trim(), out var allow): o.AllowEmptyUser = allow; break;
            case nameof(PortKeeperOptions.AllowEmptyUser):
                return $"'{text}' is not true or false";
            default:
                throw new ArgumentOutOfRangeException(nameof(option), option.Property, "an option without a reader");
        }
        return null;
    }

    private static NodeRole? RoleOf(string text) => text.Trim().ToUpperInvariant() switch
    {
        "COMBINED" => NodeRole.Combined,
        "GATEWAY" => NodeRole.Gateway,
        "SILO" => NodeRole.Silo,
        _ => null,
    };

    private static int? Whole(string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;
}
