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
    public static LegacyPlan FromGoKv(IEnumerable<(string FileName, string Text)> files, string folder = "")
    {
        string Named(string file) => folder.Length == 0 ? file : Path.Combine(folder, file);
        var problems = new List<string>();
        var byProxy = new Dictionary<string, int>(StringComparer.Ordinal);
        var byPort = new Dictionary<int, string>();
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (file, text) in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
        {
            switch (ReadGoFile(text))
            {
                case (int port, null, var at) when PortRange.IsPort(port):
                    var name = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
                    byProxy[name] = port;
                    if (at is { } proxyTime)
                    {
                        created[name] = proxyTime;
                    }
                    break;
                case (null, string proxy, var at) when int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && PortRange.IsPort(port):
                    byPort[port] = proxy;
                    if (at is { } portTime)
                    {
                        created.TryAdd(proxy, portTime);
                    }
                    break;
                default:
                    problems.Add($"{Named(file)}: not a proxy file {{\"Port\"}} or a port file <port>.json {{\"Proxy\"}}; skipped");
                    break;
            }
        }
        var claims = new List<(string Name, int Port, string Source)>();
        foreach (var group in byProxy.GroupBy(kv => kv.Value))
        {
            var names = group.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var winner = byPort.TryGetValue(group.Key, out var owner) && names.Contains(owner) ? owner : names[0];
            claims.Add((winner, group.Key, Named($"{Uri.EscapeDataString(winner)}.json")));
            problems.AddRange(names.Where(n => n != winner).Select(n =>
                $"{Named($"{Uri.EscapeDataString(n)}.json")}: port {group.Key} is also claimed by '{winner}', whose claim {group.Key}.json confirms; '{n}' gets a new port on its next request"));
        }
        foreach (var (port, proxy) in byPort.Where(kv => !byProxy.ContainsKey(kv.Value) && !byProxy.ContainsValue(kv.Key)))
        {
            claims.Add((proxy, port, Named($"{port}.json")));
            problems.Add($"{Named($"{port}.json")}: the proxy file of '{proxy}' is missing; its port {port} is restored from the port file");
        }
        return new LegacyPlan(
            [.. claims.SelectMany(c => BothSpaces(c.Name, c.Port, c.Source, created.TryGetValue(c.Name, out var at) ? at : null))],
            problems,
            claims.Count == 0 && problems.Count > 0 ? $"{(folder.Length == 0 ? "the folder" : folder)}: no file of the Go keeper (<proxy>.json {{\"Port\"}}, <port>.json {{\"Proxy\"}}) in it" : null);
    }

    /// <summary>
    /// librepod/frp-port-keeper v0.3.x (TypeScript): one <c>db.json</c>,
    /// {"proxies": {name: port}, "ports": {"port": name}}. Keyed by proxy name alone, so each
    /// proxy is claimed in both spaces. The key "undefined" (a request without a proxy name) is skipped.
    /// </summary>
    public static LegacyPlan FromDbJson(string text, string source = "db.json")
    {
        JsonElement proxies;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("proxies", out var found) || found.ValueKind != JsonValueKind.Object)
            {
                return LegacyPlan.Failed($"{source} has no \"proxies\" object: not a db.json of the TypeScript keeper");
            }
            proxies = found.Clone();
        }
        catch (JsonException e)
        {
            return LegacyPlan.Failed($"{source} is not valid JSON: {e.Message}");
        }
        var problems = new List<string>();
        var claims = new List<LegacyClaim>();
        var taken = new Dictionary<int, string>();
        foreach (var entry in proxies.EnumerateObject())
        {
            if (entry.Name is "undefined" or "")
            {
                problems.Add($"{source}: key '{entry.Name}' was stored for a request without a proxy name; skipped");
            }
            else if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var port) || !PortRange.IsPort(port))
            {
                problems.Add($"{source}: '{entry.Name}' has no port between 1 and 65535; skipped");
            }
            else if (!taken.TryAdd(port, entry.Name))
            {
                problems.Add($"{source}: '{entry.Name}' claims port {port}, already claimed by '{taken[port]}'; skipped");
            }
            else
            {
                claims.AddRange(BothSpaces(entry.Name, port, source, null));
            }
        }
        return new LegacyPlan(claims, problems);
    }

    /// <summary>
    /// lukacu/docker-frps portmanager: <c>ports.map</c>, one <c>&lt;proxy_name&gt;:&lt;proxy_type&gt; &lt;port&gt;</c>
    /// per line. Lines of other proxy types, malformed lines and a second claim of a port are problems.
    /// </summary>
    public static LegacyPlan FromPortsMap(string text, string source = "ports.map")
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
            var where = $"{source} line {i + 1}";
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var colon = parts.Length == 2 ? parts[0].LastIndexOf(':') : -1;
            if (colon <= 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || !PortRange.IsPort(port))
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
        var malformed = problems.Count(p => p.Contains("is not '<proxy_name>", StringComparison.Ordinal));
        return new LegacyPlan(claims, problems, malformed > 0 && malformed == problems.Count && claims.Count == 0
            ? $"{source}: no line is '<proxy_name>:<proxy_type> <port>'; not a ports.map of docker-frps' portmanager"
            : null);
    }

    private static IEnumerable<LegacyClaim> BothSpaces(string name, int port, string source, DateTimeOffset? createdAt) =>
        [.. Protocols.All.Select(p => new LegacyClaim(LeaseKey.ForProxy(p, LeaseKeys.UserOf(name), name), port, source, createdAt))];

    // The Go keeper's CreatedAt is RFC 3339 in UTC; a missing or unreadable one is simply unknown.
    private static (int? Port, string? Proxy, DateTimeOffset? CreatedAt) ReadGoFile(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }
            var port = root.TryGetProperty("Port", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var value) ? value : (int?)null;
            var proxy = root.TryGetProperty("Proxy", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            var created = root.TryGetProperty("CreatedAt", out var c) && c.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : (DateTimeOffset?)null;
            return port is not null && proxy is not null ? (null, null, null) : (port, proxy, created);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }
}
