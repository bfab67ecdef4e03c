using System.Collections.Frozen;
using System.Globalization;
using IniParser.Exceptions;
using IniParser.Model;
using IniParser.Parser;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>frps's legacy INI format (deprecated since frp v0.52, still loaded): the <c>[common]</c> section.</summary>
internal static class LegacyIni
{
    private static readonly string[] BoundPortKeys =
    [
        "kcp_bind_port", "quic_bind_port", "vhost_http_port", "vhost_https_port",
        "tcpmux_httpconnect_port", "dashboard_port",
    ];

    public static Parsed<FrpsSettings> Parse(string name, string text)
    {
        IniData data;
        try
        {
            data = Parser().Parse(WithoutCommentLines(text));
        }
        catch (ParsingException e)
        {
            return Fail($"{name}: INI syntax error at line {e.LineNumber}: '{FrpsConfigReader.OneLine(e.LineValue ?? "")}'");
        }
        if (!data.Sections.ContainsSection("common"))
        {
            return Fail($"{name}: no [common] section, which frps requires");
        }
        var common = data.Sections["common"];

        PortRange? allow = null;
        var allowText = common["allow_ports"];
        if (!string.IsNullOrWhiteSpace(allowText))
        {
            switch (AllowPorts.Parse(allowText))
            {
                case Parsed<PortRange>.Ok ok: allow = ok.Value; break;
                case Parsed<PortRange>.Error e: return Fail($"{name}: allow_ports: {e.Message}");
            }
        }

        var bound = new HashSet<int>();
        var (bindPort, bindError) = Port(name, "bind_port", common["bind_port"]);
        if (bindError is not null)
        {
            return Fail(bindError);
        }
        // Converted to the v1 format, a missing bind_port becomes 7000 as well.
        bound.Add(bindPort is > 0 ? bindPort.Value : FrpsSettings.DefaultBindPort);
        foreach (var key in BoundPortKeys)
        {
            var (port, error) = Port(name, key, common[key]);
            if (error is not null)
            {
                return Fail(error);
            }
            if (port is > 0)
            {
                bound.Add(port.Value);
            }
        }
        return new Parsed<FrpsSettings>.Ok(new FrpsSettings(allow, bound.ToFrozenSet()));
    }

    private static IniDataParser Parser()
    {
        var parser = new IniDataParser();
        // frps's INI library keeps the last of repeated keys and merges repeated sections.
        parser.Configuration.AllowDuplicateKeys = true;
        parser.Configuration.OverrideDuplicateKeys = true;
        parser.Configuration.AllowDuplicateSections = true;
        parser.Configuration.AllowKeysWithoutSection = true;
        return parser;
    }

    /// <summary>frps's INI files comment whole lines with <c>#</c> or <c>;</c>; the parser knows only one of them.</summary>
    private static string WithoutCommentLines(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.TrimStart() is ['#' or ';', ..] ? "" : line));

    private static (int? Port, string? Error) Port(string name, string key, string? text) =>
        text switch
        {
            null or "" => (null, null),
            _ when int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && (port == 0 || PortRange.IsPort(port)) => (port, null), // 0: not bound
            _ => (null, $"{name}: {key} = '{text}' is not a port number (1-65535)"),
        };

    private static Parsed<FrpsSettings>.Error Fail(string message) => new(message);
}
