using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PortKeeper.Grains;

namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// A request outside the plugin path (an operator's, the status page's) that failed for an expected
/// reason, as <see cref="Failures.Classify"/> tells (storage down, a node of the cluster lost,
/// state moving): 503 problem details that say so in words, and one log line without a stack
/// trace. Anything else is left to the default handler: 500, logged with its stack trace.
/// </summary>
internal sealed partial class ExpectedFailureHandler(IProblemDetailsService problems, ILogger<ExpectedFailureHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is told to wait before it asks again.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var kind = Failures.Classify(exception);
        if (kind == FailureKind.Unexpected)
        {
            return false;
        }
        var why = Failures.Describe(kind);
        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, why, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = $"{RetryAfterSeconds}";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Unavailable",
                Detail = $"PortKeeper could not answer: {why}; try again once it is back",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason} ({Error}: {Message})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason, string error, string message);
}
