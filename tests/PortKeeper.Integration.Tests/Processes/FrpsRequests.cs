using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>NewProxy requests in the shape frps sends them, and what their answers say.</summary>
public static class FrpsRequests
{
    public static async Task<JsonObject> NewProxyAsync(this HttpClient http, string user, string name, string type = "tcp", int? remotePort = null)
    {
        var content = new JsonObject
        {
            ["user"] = new JsonObject { ["user"] = user, ["metas"] = null, ["run_id"] = "r1" },
            ["proxy_name"] = $"{user}.{name}",
            ["proxy_type"] = type,
        };
        if (remotePort is int port)
        {
            content["remote_port"] = port;
        }
        var body = new JsonObject { ["version"] = "0.1.0", ["op"] = "NewProxy", ["content"] = content };
        using var response = await http.PostAsJsonAsync(new Uri("/port-registrations?version=0.1.0&op=NewProxy", UriKind.Relative), body);
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>The port an answer grants, or null for a refusal.</summary>
    public static int? GrantedPort(this JsonObject answer) =>
        answer["reject"]?.GetValue<bool>() == false && answer["content"]?["remote_port"] is JsonNode port ? port.GetValue<int>() : null;
}
