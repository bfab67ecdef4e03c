using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Gateway.Protocol;
using PortKeeper.Gateway.Telemetry;
using Microsoft.AspNetCore.Mvc;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>The endpoint frps calls as an HTTP server plugin.</summary>
public static partial class PluginEndpoints
{
    /// <summary>Name of the plugin route.</summary>
    public const string RouteName = "FrpPlugin";

    private const string LogCategory = "PortKeeper.Gateway.Plugin";

    /// <summary>Maps <c>POST {PluginPath}</c>.</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<PortKeeperOptions>>().Value.PluginPath;
        endpoints.MapPost(path, HandleAsync).WithName(RouteName);
        return endpoints;
    }

    /// <summary>
    /// Answers one frps call. Always one of the frps shapes: 400 VALIDATEERR for a structural
    /// fault, else 200; a slow or failing lease grain becomes a refusal within the answer timeout.
    /// </summary>
    public static async Task<Results<Ok<PluginResponse>, BadRequest<ValidationError>>> HandleAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, ILoggerFactory loggers, PluginMetrics metrics,
        [FromServices] ReservedPorts? reserved = null)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;
        var logger = loggers.CreateLogger(LogCategory);
        PluginRequest? parsed = null;
        try
        {
            parsed = await ReadAsync(request, settings.MaxBodyBytes);
            var outcome = PluginStep.For(parsed, settings.AllowEmptyUser) switch
            {
                PluginStep.Answer(var answer) => answer,
                PluginStep.Acquire acquire => await AcquireAsync(grains, acquire, settings.AnswerTimeout, logger),
                PluginStep.Close close => await CloseAsync(grains, close, settings.AnswerTimeout, logger),
                PluginStep.Heard heard => await HeardAsync(grains, heard, settings.AnswerTimeout, logger),
                var step => throw new InvalidOperationException($"unknown step {step}"),
            };
            if (outcome is PluginOutcome.Invalid(var message))
            {
                LogInvalid(logger, message);
            }
            metrics.Record(outcome, Stopwatch.GetElapsedTime(started));
            return PluginAnswers.For(outcome, reserved);
        }
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var op = parsed switch
            {
                PluginRequest.NewProxy => PluginOp.NewProxy,
                PluginRequest.CloseProxy => PluginOp.CloseProxy,
                PluginRequest.Ping => PluginOp.Ping,
                PluginRequest.Passthrough(var passed) => passed,
                _ => (PluginOp?)null,
            };
            LogFaulted(logger, e);
            var faulted = new PluginOutcome.Faulted(op);
            metrics.Record(faulted, Stopwatch.GetElapsedTime(started));
            return PluginAnswers.For(faulted);
        }
    }

    // Reads at most limit + 1 bytes: enough to tell an oversized body without buffering it.
    private static async Task<PluginRequest> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return PluginRequests.TooLarge(limit);
        }
        var reader = request.BodyReader;
        var read = await reader.ReadAtLeastAsync(limit + 1, request.HttpContext.RequestAborted);
        try
        {
            return read.Buffer.Length > limit
                ? PluginRequests.TooLarge(limit)
                : PluginRequests.Parse(read.Buffer.IsSingleSegment ? read.Buffer.FirstSpan : read.Buffer.ToArray(), request.Query["op"]);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static async Task<PluginOutcome> AcquireAsync(
        IGrainFactory grains, PluginStep.Acquire step, TimeSpan deadline, ILogger logger)
    {
        try
        {
            var allocation = await grains.User(GrainKeys.DefaultPool, step.User)
                .AcquireAsync(step.Proxy)
                .WaitAsync(deadline);
            if (allocation is Allocation.Granted { IsNew: false })
            {
                LogKnown(logger, step.Key, step.Request.ProxyName, allocation);
            }
            else
            {
                LogAllocation(logger, step.Key, step.Request.ProxyName, allocation);
            }
            return new PluginOutcome.Leased(step.Request, step.Key, allocation);
        }
        catch (TimeoutException)
        {
            LogAcquireTimedOut(logger, step.Key, deadline);
            return new PluginOutcome.NotRecorded(step.Request.ProxyName, deadline);
        }
        catch (Exception e)
        {
            LogAcquireFailed(logger, e, step.Key);
            return new PluginOutcome.NotRecorded(step.Request.ProxyName, deadline);
        }
    }

    // frps ignores the answer to CloseProxy: failures are logged, never answered.
    private static async Task<PluginOutcome> CloseAsync(
        IGrainFactory grains, PluginStep.Close step, TimeSpan deadline, ILogger logger)
    {
        try
        {
            await grains.User(GrainKeys.DefaultPool, step.User).CloseAsync(step.ProxyName, step.RunId).WaitAsync(deadline);
        }
        catch (Exception e)
        {
            LogCloseFailed(logger, e, step.ProxyName);
        }
        return new PluginOutcome.Unchanged();
    }

    // One-way: the call returns once sent, so frps's heartbeat never waits for the grain.
    private static async Task<PluginOutcome> HeardAsync(
        IGrainFactory grains, PluginStep.Heard step, TimeSpan deadline, ILogger logger)
    {
        try
        {
            await grains.User(GrainKeys.DefaultPool, step.User).HeardAsync(step.RunId).WaitAsync(deadline);
        }
        catch (Exception e)
        {
            LogPingFailed(logger, e, step.User);
        }
        return new PluginOutcome.Unchanged();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passing frps's Ping of user {User} on failed or timed out")]
    private static partial void LogPingFailed(ILogger logger, Exception e, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a structurally invalid plugin request: {Problem}")]
    private static partial void LogInvalid(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Key} for proxy {ProxyName}: {Allocation}")]
    private static partial void LogKnown(ILogger logger, LeaseKey key, string proxyName, Allocation allocation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Key} for proxy {ProxyName}: {Allocation}")]
    private static partial void LogAllocation(ILogger logger, LeaseKey key, string proxyName, Allocation allocation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Key} did not answer within {Deadline}; the proxy is refused and frpc retries")]
    private static partial void LogAcquireTimedOut(ILogger logger, LeaseKey key, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {Key} failed; the proxy is refused and frpc retries")]
    private static partial void LogAcquireFailed(ILogger logger, Exception e, LeaseKey key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the leases of proxy {ProxyName} failed or timed out")]
    private static partial void LogCloseFailed(ILogger logger, Exception e, string proxyName);

    [LoggerMessage(Level = LogLevel.Error, Message = "A plugin request failed unexpectedly; frps gets a refusal")]
    private static partial void LogFaulted(ILogger logger, Exception e);
}
