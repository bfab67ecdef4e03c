using System.Text.Json.Serialization;

namespace PortKeeper.Gateway.Plugin;

/// <summary>The answer to a structurally invalid request (HTTP 400): <c>{"error":"VALIDATEERR","message":..}</c>.</summary>
public sealed record ValidationError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The error code the previous keeper used, which its users expect.</summary>
    public const string Code = "VALIDATEERR";

    /// <summary>A validation error saying <paramref name="message"/>.</summary>
    public static ValidationError Of(string message) => new(Code, message);
}
