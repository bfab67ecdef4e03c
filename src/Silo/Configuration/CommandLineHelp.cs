using System.Globalization;
using System.Text;

namespace PortKeeper.Silo.Configuration;

/// <summary>What <c>--help</c> and <c>--version</c> print: generated from the option table the parser uses.</summary>
public static class CommandLineHelp
{
    /// <summary>Switches that print and exit instead of starting a node.</summary>
    public static readonly IReadOnlyList<string> HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>The switch that prints the version and exits.</summary>
    public const string VersionSwitch = "--version";

    /// <summary>
    /// The text to print instead of starting a node: the options, one line each, when
    /// <paramref name="args"/> holds a help switch; the version for <c>--version</c>; null otherwise.
    /// </summary>
    public static string? For(IReadOnlyList<string> args, string program, string version)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => HelpSwitches.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            return Help(program, version);
        }
        return args.Any(a => string.Equals(a, VersionSwitch, StringComparison.OrdinalIgnoreCase))
            ? $"{program} {version}\n"
            : null;
    }

    private static string Help(string program, string version)
    {
        var defaults = new PortKeeperOptions();
        var lines = PortKeeperCommandLine.HostOptions.Select(h => (Usage: $"{h.Switch} {h.Value}", h.Meaning))
            .Concat(OptionNames.All.Select(o => (Usage: $"{o.Switch} {o.Value}", Meaning: o.Meaning + Default(o, defaults))))
            .Append((Usage: "--help", Meaning: "print these options and exit"))
            .Append((Usage: VersionSwitch, Meaning: "print the version and exit"))
            .ToList();
        var width = lines.Max(l => l.Usage.Length) + 2;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{program} {version}\n")
            .Append(CultureInfo.InvariantCulture, $"usage: dotnet {program}.dll [options]\n")
            .Append(CultureInfo.InvariantCulture, $"options (also {PortKeeperOptions.Section}:<Name> in appsettings.json and {PortKeeperOptions.Section}__<Name> in the environment):\n");
        foreach (var (usage, meaning) in lines)
        {
            text.Append("  ").Append(usage.PadRight(width)).Append(meaning).Append('\n');
        }
        return text.ToString();
    }

    private static string Default(OptionName option, PortKeeperOptions defaults) =>
        typeof(PortKeeperOptions).GetProperty(option.Property)?.GetValue(defaults) switch
        {
            null => "",
            bool b => b ? " (default true)" : " (default false)",
            TimeSpan t => $" (default {t.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)",
            Enum e => $" (default {e.ToString().ToLowerInvariant()})",
            var value => $" (default {Convert.ToString(value, CultureInfo.InvariantCulture)})",
        };
}
