using System.Text;
using System.Text.Json;

// The ceiling of the load benchmark: Kestrel with a minimal API that reads and parses the same
// NewProxy JSON as PortKeeper's plugin endpoint, and answers a constant. No grain, no storage.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = Encoding.UTF8.GetBytes("""{"reject":false,"unchange":true}""");

app.MapPost("/port-registrations", async (HttpContext context) =>
{
    var reader = context.Request.BodyReader;
    var read = await reader.ReadAtLeastAsync(65537, context.RequestAborted);
    try
    {
        using var document = JsonDocument.Parse(read.Buffer);
        var content = document.RootElement.GetProperty("content");
        _ = content.GetProperty("proxy_name").GetString();
        _ = content.GetProperty("proxy_type").GetString();
    }
    finally
    {
        reader.AdvanceTo(read.Buffer.End);
    }
    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.Body.WriteAsync(answer);
}).WithName("Ceiling");

await app.RunAsync();
