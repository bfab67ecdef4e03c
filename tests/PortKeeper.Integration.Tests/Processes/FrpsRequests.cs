using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>NewProxy requests in the shape frps sends them, and what their answers say.</summary>
public static class FrpsRequests
{
    /// <summary>Posts a NewProxy to the default pool's path, or to <c>/port-registrations/{pool}</c>.</summary>
    public static async Task<JsonObject> NewProxyAsync(
        this HttpClient http, string user, string name, string type = "tcp", int? remotePort = null, string runId = "r1", string? group = null, string? pool = null)
    {
        var path = pool is null ? "/port-registrations" : $"/port-registrations/{pool}";
        using var response = await http.PostAsJsonAsync(
            new Uri($"{path}?version=0.1.0&op=NewProxy", UriKind.Relative), NewProxy(user, name, type, remotePort, runId, group));
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>A NewProxy body as frps sends it, for proxy <c>user.name</c> of frpc session <paramref name="runId"/>.</summary>
    public static JsonObject NewProxy(string user, string name, string type = "tcp", int? remotePort = null, string runId = "r1", string? group = null)
    {
        var content = new JsonObject
        {
            ["user"] = new JsonObject { ["user"] = user, ["metas"] = null, ["run_id"] = runId },
            ["proxy_name"] = $"{user}.{name}",
            ["proxy_type"] = type,
        };
        if (remotePort is int port)
        {
            content["remote_port"] = port;
        }
        if (group is not null)
        {
            content["group"] = group;
            content["group_key"] = "k";
        }
        return new JsonObject { ["version"] = "0.1.0", ["op"] = "NewProxy", ["content"] = content };
    }

    /// <summary>Sends frps's Ping (frpc's heartbeat) of <paramref name="user"/>'s session <paramref name="runId"/>; returns the answer.</summary>
    public static async Task<JsonObject> PingAsync(this HttpClient http, string user, string runId = "r1")
    {
        var content = new JsonObject
        {
            ["user"] = new JsonObject { ["user"] = user, ["metas"] = null, ["run_id"] = runId },
            ["privilege_key"] = "77aa",
            ["timestamp"] = 1764067260,
        };
        var body = new JsonObject { ["version"] = "0.1.0", ["op"] = "Ping", ["content"] = content };
        using var response = await http.PostAsJsonAsync(new Uri("/port-registrations?version=0.1.0&op=Ping", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>Sends the CloseProxy frps sends when the proxy's client goes away.</summary>
    public static async Task CloseProxyAsync(this HttpClient http, string user, string name, string runId = "r1")
    {
        var content = new JsonObject
        {
            ["user"] = new JsonObject { ["user"] = user, ["metas"] = null, ["run_id"] = runId },
            ["proxy_name"] = $"{user}.{name}",
        };
        var body = new JsonObject { ["version"] = "0.1.0", ["op"] = "CloseProxy", ["content"] = content };
        using var response = await http.PostAsJsonAsync(new Uri("/port-registrations?version=0.1.0&op=CloseProxy", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the admin API no longer finds the lease of <paramref name="key"/>; false after <see cref="Deadlines.Quick"/>.</summary>
    public static async Task<bool> LeaseGoneAsync(this HttpClient http, string adminToken, string key)
    {
        try
        {
            await Deadlines.UntilAsync(() => LeaseStatusAsync(http, adminToken, key), s => s == System.Net.HttpStatusCode.NotFound, Deadlines.Quick, s => $"the lease {key} to go ({s})");
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The admin API's status for the lease of <paramref name="key"/> (200 held, 404 gone).</summary>
    public static async Task<System.Net.HttpStatusCode> LeaseStatusAsync(this HttpClient http, string adminToken, string key)
    {
        using var response = await http.AdminGetAsync(adminToken, $"/leases/{key}");
        return response.StatusCode;
    }

    /// <summary>The lease the admin API answers for <paramref name="key"/> (<c>tcp/group/web</c>), or null when none is held.</summary>
    public static async Task<JsonObject?> LeaseAsync(this HttpClient http, string adminToken, string key)
    {
        using var response = await http.AdminGetAsync(adminToken, $"/leases/{key}");
        return response.StatusCode == System.Net.HttpStatusCode.OK ? (JsonObject?)await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    /// <summary>GET of an admin API path with the bearer token.</summary>
    public static Task<HttpResponseMessage> AdminGetAsync(this HttpClient http, string adminToken, string path) =>
        http.AdminSendAsync(adminToken, HttpMethod.Get, path);

    /// <summary>A call of the admin API with the bearer token, with <paramref name="json"/> as its body when given.</summary>
    public static async Task<HttpResponseMessage> AdminSendAsync(this HttpClient http, string adminToken, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        return await http.SendAsync(request);
    }

    /// <summary>The port an answer grants, or null for a refusal.</summary>
    public static int? GrantedPort(this JsonObject answer) =>
        answer["reject"]?.GetValue<bool>() == false && answer["content"]?["remote_port"] is JsonNode port ? port.GetValue<int>() : null;
}
