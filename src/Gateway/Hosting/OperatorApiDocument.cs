namespace PortKeeper.Gateway.Hosting;

/// <summary>The OpenAPI document of the operators' API, served at <c>/openapi/v1.json</c>.</summary>
public static class OperatorApiDocument
{
    // Paths of frps's plugin calls, health checks and metrics: not part of the operators' API.
    private static readonly string[] Elsewhere = ["port-registrations", "healthz", "metrics"];

    /// <summary>Describes every operator endpoint, and none of frps's plugin paths.</summary>
    public static IHostApplicationBuilder AddOperatorApiDocument(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.ShouldInclude = endpoint => endpoint.RelativePath is { } path
                && !Elsewhere.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PortKeeper operators' API";
                document.Info.Description = "Every call needs the header Authorization: Bearer <the --admin-token> (or the status page's sign-in). "
                    + "Calls on one pool take ?pool=NAME (a pool of --pool; the default pool without it). Refusals are problem details.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
