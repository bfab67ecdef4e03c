using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>
/// Every change an operator makes through the admin API, as a structured log event (action, what,
/// pool, client, answer) and a count in <c>/metrics</c> (<c>portkeeper_admin_changes_total</c> by
/// action and result), refused changes included.
/// </summary>
public sealed partial class OperatorAudit(IMeterFactory meters, ILogger<OperatorAudit> logger)
{
    private readonly Counter<long> _changes = meters.Create(PluginMetrics.MeterName)
        .CreateCounter<long>("portkeeper.admin.changes", description: "Operators' changes through the admin API, by action and result");

    /// <summary>An endpoint filter recording each call of the endpoint as <paramref name="action"/>.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Of(string action) => async (context, next) =>
    {
        var result = await next(context);
        context.HttpContext.RequestServices.GetRequiredService<OperatorAudit>().Record(context.HttpContext, action, result);
        return result;
    };

    private void Record(HttpContext http, string action, object? answer)
    {
        // A handler's Results<…> union answers with the one result it holds.
        var result = answer is INestedHttpResult nested ? nested.Result : answer;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
        var outcome = status is >= 200 and < 300 ? "done" : "refused";
        _changes.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("result", outcome));
        var what = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}";
        var detail = (result as ProblemHttpResult)?.ProblemDetails.Detail ?? "";
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (outcome == "done")
        {
            LogDone(action, what, client, status);
        }
        else
        {
            LogRefused(action, what, client, status, detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator change {Action} from {Client}: {What} answered {Status}")]
    private partial void LogDone(string action, string what, string client, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator change {Action} from {Client} refused: {What} answered {Status}: {Detail}")]
    private partial void LogRefused(string action, string what, string client, int status, string detail);
}
