using System.Globalization;
using System.Text.Json;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>
/// Reads what earlier frp port keepers left on disk into claims, as pure functions of the
/// files' text. Damaged entries become problems, never claims: a port is claimed by one key.
/// </summary>
public static class LegacyData
{
    /// <summary>
    /// librepod/frp-port-keeper up to v0.2.1 (Go): a folder of <c>&lt;escaped proxy_name&gt;.json</c>
    /// = {"Port"} and <c>&lt;port&gt;.json</c> = {"Proxy"} files. It keyed by proxy name alone,
    /// so each proxy is claimed in both the TCP and the UDP space. Two proxies claiming one
    /// port: the port file decides. A port file whose proxy file is missing restores that claim.
    /// </summary>
    public static LegacyPlan FromGoKv(IEnumerable<(string FileName, string Text)> files)
    {
        var problems = new List<string>();
        var byProxy = new Dictionary<string, int>(StringComparer.Ordinal);
        var byPort = new Dictionary<int, string>();
        foreach (var (file, text) in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
        {
            switch (ReadGoFile(text))
            {
                case (int port, null) when PortOk(port):
                    byProxy[Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file))] = port;
                    break;
                case (null, string proxy) when int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && PortOk(port):
                    byPort[port] = proxy;
                    break;
                default:
                    problems.Add($"{file}: not a proxy file {{\"Port\"}} or a port file <port>.json {{\"Proxy\"}}; skipped");
                    break;
            }
        }
        var claims = new List<(string Name, int Port, string Source)>();
        foreach (var group in byProxy.GroupBy(kv => kv.Value))
        {
            var names = group.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var winner = byPort.TryGetValue(group.Key, out var owner) && names.Contains(owner) ? owner : names[0];
            claims.Add((winner, group.Key, $"{Uri.EscapeDataString(winner)}.json"));
            problems.AddRange(names.Where(n => n != winner).Select(n =>
                $"{Uri.EscapeDataString(n)}.json: port {group.Key} is also claimed by '{winner}', whose claim {group.Key}.json confirms; '{n}' gets a new port on its next request"));
        }
        foreach (var (port, proxy) in byPort.Where(kv => !byProxy.ContainsKey(kv.Value) && !byProxy.ContainsValue(kv.Key)))
        {
            claims.Add((proxy, port, $"{port}.json"));
            problems.Add($"{port}.json: the proxy file of '{proxy}' is missing; its port {port} is restored from the port file");
        }
        return new LegacyPlan(
            [.. claims.SelectMany(c => BothSpaces(c.Name, c.Port, c.Source))],
            problems);
    }

    /// <summary>
    /// librepod/frp-port-keeper v0.3.x (TypeScript): one <c>db.json</c>,
    /// {"proxies": {name: port}, "ports": {"port": name}}. Keyed by proxy name alone, so each
    /// proxy is claimed in both spaces. The key "undefined" (a request without a proxy name) is skipped.
    /// </summary>
    public static LegacyPlan FromDbJson(string text)
    {
        JsonElement proxies;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("proxies", out var found) || found.ValueKind != JsonValueKind.Object)
            {
                return LegacyPlan.Failed("db.json has no \"proxies\" object");
            }
            proxies = found.Clone();
        }
        catch (JsonException e)
        {
            return LegacyPlan.Failed($"db.json is not valid JSON: {e.Message}");
        }
        var problems = new List<string>();
        var claims = new List<LegacyClaim>();
        var taken = new Dictionary<int, string>();
        foreach (var entry in proxies.EnumerateObject())
        {
            if (entry.Name is "undefined" or "")
            {
                problems.Add($"db.json: key '{entry.Name}' was stored for a request without a proxy name; skipped");
            }
            else if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var port) || !PortOk(port))
            {
                problems.Add($"db.json: '{entry.Name}' has no port between 1 and 65535; skipped");
            }
            else if (!taken.TryAdd(port, entry.Name))
            {
                problems.Add($"db.json: '{entry.Name}' claims port {port}, already claimed by '{taken[port]}'; skipped");
            }
            else
            {
                claims.AddRange(BothSpaces(entry.Name, port, "db.json"));
            }
        }
        return new LegacyPlan(claims, problems);
    }

    /// <summary>
    /// lukacu/docker-frps portmanager: <c>ports.map</c>, one <c>&lt;proxy_name&gt;:&lt;proxy_type&gt; &lt;port&gt;</c>
    /// per line. Lines of other proxy types, malformed lines and a second claim of a port are problems.
    /// </summary>
    public static LegacyPlan FromPortsMap(string text)
    {
        var problems = new List<string>();
        var claims = new List<LegacyClaim>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var where = $"ports.map line {i + 1}";
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var colon = parts.Length == 2 ? parts[0].LastIndexOf(':') : -1;
            if (colon <= 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || !PortOk(port))
            {
                problems.Add($"{where}: '{line}' is not '<proxy_name>:<proxy_type> <port>'; skipped");
                continue;
            }
            var name = parts[0][..colon];
            var key = LeaseKeys.For(parts[0][(colon + 1)..], LeaseKeys.UserOf(name), name, group: null);
            if (key is null)
            {
                problems.Add($"{where}: proxy type '{parts[0][(colon + 1)..]}' takes no port here; skipped");
            }
            else if (claims.FirstOrDefault(c => c.Key.Protocol == key.Protocol && c.Port == port) is { } earlier)
            {
                problems.Add($"{where}: port {port} is already claimed by '{earlier.Key.Name}'; skipped");
            }
            else
            {
                claims.Add(new LegacyClaim(key, port, where));
            }
        }
        return new LegacyPlan(claims, problems);
    }

    private static IEnumerable<LegacyClaim> BothSpaces(string name, int port, string source) =>
        [.. Protocols.All.Select(p => new LegacyClaim(LeaseKey.ForProxy(p, LeaseKeys.UserOf(name), name), port, source))];

    private static bool PortOk(int port) => port is >= PortRange.MinPort and <= PortRange.MaxPort;

    private static (int? Port, string? Proxy) ReadGoFile(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            var port = root.TryGetProperty("Port", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var value) ? value : (int?)null;
            var proxy = root.TryGetProperty("Proxy", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            return port is not null && proxy is not null ? (null, null) : (port, proxy);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
