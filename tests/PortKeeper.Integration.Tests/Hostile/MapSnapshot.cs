using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>
/// The allocation map as the admin API shows it: the pool's counts, the leases of the named users
/// and groups, and the holder of each of their ports; one line each, in a fixed order, without what
/// a repeated valid NewProxy moves: the last-seen time, and a group's last member to connect.
/// </summary>
public static class MapSnapshot
{
    public static async Task<string> TakeAsync(HttpClient http, string token, IEnumerable<string> users, IEnumerable<(string Protocol, string Group)> groups)
    {
        ArgumentNullException.ThrowIfNull(http);
        var lines = new List<string> { $"pool {Stable(await GetAsync(http, token, "/pool"))}" };
        var leases = new List<JsonObject>();
        foreach (var user in users.Distinct().Order(StringComparer.Ordinal))
        {
            var list = (JsonArray)(await GetAsync(http, token, $"/leases?user={Uri.EscapeDataString(user)}&limit=1000"))!["items"]!;
            leases.AddRange(list.Select(l => (JsonObject)l!));
            lines.Add($"user {user}: {list.Count} leases");
        }
        foreach (var (protocol, group) in groups)
        {
            leases.Add((JsonObject)(await GetAsync(http, token, $"/lease?protocol={protocol}&group={Uri.EscapeDataString(group)}"))!);
        }
        foreach (var lease in leases.OrderBy(l => l["key"]!.GetValue<string>(), StringComparer.Ordinal))
        {
            lines.Add($"lease {Stable(lease)}");
            var holder = await GetAsync(http, token, $"/ports/{lease["protocol"]}/{lease["port"]}");
            lines.Add($"port {lease["protocol"]}/{lease["port"]}: {Stable(holder)}");
        }
        return string.Join('\n', lines);
    }

    private static async Task<JsonNode?> GetAsync(HttpClient http, string token, string path)
    {
        using var response = await http.AdminGetAsync(token, path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)
            : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    private static string Stable(JsonNode? node)
    {
        var copy = (JsonObject)node!.DeepClone();
        copy.Remove("lastSeen");
        copy.Remove("lastProxyName");
        var text = new StringBuilder();
        foreach (var (key, value) in copy.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value?.ToJsonString()).Append(' ');
        }
        return text.ToString().TrimEnd();
    }
}
