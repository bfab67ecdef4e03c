using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Import;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// Backup and restore, behind <c>--admin-token</c>: <c>GET /export</c> answers every pool of the node as
/// one export document (<c>docs/export-format.md</c>); <c>POST /import</c> takes such a document back,
/// with <c>?dryRun=true</c> reporting what it would do and changing nothing.
/// </summary>
public static class ExportEndpoints
{
    /// <summary>Largest document <c>POST /import</c> reads: about 300,000 leases.</summary>
    public const long MaxImportBytes = 64L * 1024 * 1024;

    /// <summary>Maps <c>GET /export</c> and <c>POST /import</c>.</summary>
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/export", ExportAsync).WithName("Export");
        endpoints.MapPost("/import", ImportAsync).WithName("Import").WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes));
        return endpoints;
    }

    /// <summary>
    /// Every pool of the node, the default one first, with its range, its leases in port order (read one
    /// after another from their grains while the node serves frps), reservations and limits.
    /// </summary>
    public static async Task<Results<Ok<ExportDocument>, ProblemHttpResult>> ExportAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        if (AdminAccess.Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        var at = TimeProvider.System.GetUtcNow();
        var limits = await Task.WhenAll(pools.All.Select(pool => grains.Pool(pool.Name).ListLimitsAsync()));
        if (limits.Any(l => l is null))
        {
            return AdminEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "the users' limits could not be read, so nothing was exported; try again");
        }
        var exported = await Task.WhenAll(pools.All.Select(async (pool, i) => new ExportPool(
            pool.Name,
            pool.Range.ToString(),
            [.. (await LeaseListing.AllAsync(grains, pool.Name)).Select(l => ExportLease.Of(l.Holder, l.Lease))],
            await grains.Pool(pool.Name).ListReservationsAsync(),
            new ExportLimits(options.Value.MaxPortsPerUser, limits[i].GetValueOrDefault()))));
        return TypedResults.Ok(ExportDocument.Of(at, exported));
    }

    /// <summary>
    /// Imports the export document of the body into the node's pools of the same names, through the
    /// grains: a holder keeps its port, a port held by another stays with it, a pool the node lacks is a
    /// conflict. Answers the report per pool; with <c>?dryRun=true</c> the same report, nothing changed.
    /// </summary>
    public static async Task<Results<Ok<DocumentImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AdminAccess.Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        if (DryRun(request) is not { } dryRun)
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a dry run", $"dryRun must be true or false, not '{request.Query["dryRun"]}'");
        }
        string text;
        try
        {
            using var reader = new StreamReader(request.Body);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return AdminEndpoints.Problem(e.StatusCode, "Document not read", e.Message);
        }
        if (!ExportDocument.Parse(text, "the body").TryGet(out var document, out var problem))
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not an export", problem);
        }
        return TypedResults.Ok(await DocumentImport.ApplyAsync(grains, pools, document, dryRun, remember: null, request.HttpContext.RequestAborted));
    }

    private static bool? DryRun(HttpRequest request) => request.Query["dryRun"] switch
    {
        { Count: 0 } => false,
        [{ } text] when bool.TryParse(text, out var dryRun) => dryRun,
        _ => null,
    };
}
