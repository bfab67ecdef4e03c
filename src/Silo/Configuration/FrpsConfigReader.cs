using System.Text.Json;
using System.Text.RegularExpressions;
using PortKeeper.Domain;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace PortKeeper.Silo.Configuration;

/// <summary>Reads the parts of an frps configuration file that PortKeeper depends on.</summary>
public static partial class FrpsConfigReader
{
    /// <summary>
    /// Reads the file at <paramref name="path"/>, choosing the format by its extension
    /// (.toml, .yaml, .yml, .json, .ini). Returns an error naming the file when it cannot be
    /// read, has an unknown extension, is not valid in its format, or holds a bad port.
    /// </summary>
    public static Parsed<FrpsSettings> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => OneLine(e.Message),
            };
            return new Parsed<FrpsSettings>.Error($"cannot read {path}: {reason}");
        }
        return Parse(path, text);
    }

    /// <summary>
    /// Parses frps configuration text; <paramref name="name"/> picks the format by extension and
    /// starts every error message. Pure: no file is read.
    /// </summary>
    public static Parsed<FrpsSettings> Parse(string name, string text) =>
        Path.GetExtension(name).ToUpperInvariant() switch
        {
            ".TOML" => FromTree(name, text, Toml),
            ".YAML" or ".YML" => FromTree(name, text, Yaml),
            ".JSON" => FromTree(name, text, Json),
            ".INI" => LegacyIni.Parse(name, text),
            _ => new Parsed<FrpsSettings>.Error($"{name}: unknown frps config format; use a .toml, .yaml, .yml, .json or .ini file"),
        };

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Parsed<FrpsSettings> FromTree(string name, string text, Func<string, Parsed<object?>> load) =>
        load(text) switch
        {
            Parsed<object?>.Ok tree => FrpsConfigTree.Read(name, tree.Value),
            Parsed<object?>.Error e when text.Contains("{{", StringComparison.Ordinal) =>
                new Parsed<FrpsSettings>.Error($"{name}: {e.Message} (frps templates like {{{{ .Envs.NAME }}}} are not supported)"),
            Parsed<object?>.Error e => new Parsed<FrpsSettings>.Error($"{name}: {e.Message}"),
            _ => throw new InvalidOperationException("unreachable"),
        };

    private static Parsed<object?> Toml(string text)
    {
        try
        {
            return new Parsed<object?>.Ok(Normalize(TomlSerializer.Deserialize<TomlTable>(text)));
        }
        catch (TomlException e)
        {
            var first = TomlPosition().Replace(OneLine(e.Message.Split('\n')[0]), "");
            return new Parsed<object?>.Error($"TOML syntax error at line {e.Line}, column {e.Column}: {first}");
        }
    }

    private static Parsed<object?> Yaml(string text)
    {
        try
        {
            return new Parsed<object?>.Ok(Normalize(new DeserializerBuilder().Build().Deserialize<object?>(text)));
        }
        catch (YamlException e)
        {
            return new Parsed<object?>.Error($"YAML syntax error at line {e.Start.Line}, column {e.Start.Column}: {OneLine(e.Message)}");
        }
    }

    private static Parsed<object?> Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return new Parsed<object?>.Ok(Normalize(document.RootElement));
        }
        catch (JsonException e)
        {
            // System.Text.Json appends its own position; the line is reported 1-based instead.
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new Parsed<object?>.Error($"JSON syntax error at line {e.LineNumber + 1}: {OneLine(cut >= 0 ? message[..cut] : message)}");
        }
    }

    /// <summary>Turns any of the three object models into string-keyed maps (keys matched case-insensitively, as frps's JSON decoding does), lists and scalars.</summary>
    private static object? Normalize(object? node) => node switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } o => Map(o.EnumerateObject().Select(p => (p.Name, (object?)p.Value))),
        JsonElement { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(e => Normalize(e)).ToList(),
        JsonElement { ValueKind: JsonValueKind.Number } n => n.TryGetInt64(out var l) ? (object)l : n.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement => null,
        TomlTable t => Map(t.Select(kv => (kv.Key, (object?)kv.Value))),
        TomlTableArray ta => ta.Select(t => Normalize(t)).ToList(),
        TomlArray ar => ar.Select(Normalize).ToList(),
        IDictionary<object, object?> d => Map(d.Select(kv => (Convert.ToString(kv.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", kv.Value))),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };

    private static Dictionary<string, object?> Map(IEnumerable<(string Key, object? Value)> pairs)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            map[key] = Normalize(value);
        }
        return map;
    }

    [GeneratedRegex(@"^\(\d+,\d+\)\s*:\s*error\s*:\s*")]
    private static partial Regex TomlPosition();
}
