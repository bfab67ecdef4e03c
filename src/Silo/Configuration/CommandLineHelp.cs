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

    /// <summary>The program's name, as <c>--version</c> prints it and as the published executable is called.</summary>
    public const string Program = "portkeeper";

    /// <summary>
    /// The text to print instead of starting a node: the options, one line each, when
    /// <paramref name="args"/> holds a help switch; <c>portkeeper &lt;version&gt;</c> for <c>--version</c>;
    /// null otherwise. <paramref name="invocation"/> is the command as the user typed it
    /// (<c>portkeeper</c>, or <c>dotnet PortKeeper.Gateway.dll</c> from a build).
    /// </summary>
    public static string? For(IReadOnlyList<string> args, string invocation, string version)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => HelpSwitches.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            return Help(invocation, version);
        }
        return args.Any(a => string.Equals(a, VersionSwitch, StringComparison.OrdinalIgnoreCase))
            ? $"{Program} {version}\n"
            : null;
    }

    /// <summary>
    /// How the user started the program: <c>dotnet &lt;entry&gt;.dll</c> when <paramref name="processPath"/>
    /// is the dotnet host, else the executable's file name.
    /// </summary>
    public static string Invocation(string? processPath, string entryAssembly) =>
        Path.GetFileNameWithoutExtension(processPath) is { Length: > 0 } host && host != "dotnet"
            ? Path.GetFileName(processPath)!
            : $"dotnet {entryAssembly}.dll";

    private static string Help(string invocation, string version)
    {
        var defaults = new PortKeeperOptions();
        var lines = PortKeeperCommandLine.HostOptions.Select(h => (Usage: $"{h.Switch} {h.Value}", h.Meaning))
            .Concat(NodeOptions.All.Select(o => (Usage: $"{o.Switch} {o.Value}", Meaning: o.Meaning + Default(o, defaults))))
            .Append((Usage: "--help", Meaning: "print these options and exit"))
            .Append((Usage: VersionSwitch, Meaning: "print the version and exit"))
            .ToList();
        var width = lines.Max(l => l.Usage.Length) + 2;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Program} {version}\n")
            .Append(CultureInfo.InvariantCulture, $"usage: {invocation} [options]\n")
            .Append(CultureInfo.InvariantCulture, $"options (also {PortKeeperOptions.Section}:<Name> in appsettings.json and {PortKeeperOptions.Section}__<Name> in the environment):\n");
        foreach (var (usage, meaning) in lines)
        {
            text.Append("  ").Append(usage.PadRight(width)).Append(meaning).Append('\n');
        }
        return text.ToString();
    }

    private static string Default(NodeOption option, PortKeeperOptions defaults) =>
        option.Get(defaults) switch
        {
            null => "",
            bool b => b ? " (default true)" : " (default false)",
            TimeSpan t => $" (default {t.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)",
            Enum e => $" (default {e.ToString().ToLowerInvariant()})",
            var value => $" (default {Convert.ToString(value, CultureInfo.InvariantCulture)})",
        };
}
