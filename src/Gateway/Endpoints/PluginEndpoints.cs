using System.Buffers;
using System.IO.Pipelines;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Gateway.Plugin;
using PortKeeper.Gateway.Status;
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

    // How far past --max-body-bytes an oversized body is still read (and dropped) to keep its connection.
    private const int DrainBytes = 1 << 20;

    /// <summary>Name of the route of the pools of <c>--pool</c>.</summary>
    public const string PoolRouteName = "FrpPluginPool";

    /// <summary>Code of the answer to a path of no pool: <c>{"error":"NOTFOUND","message":..}</c>.</summary>
    public const string NoPoolCode = "NOTFOUND";

    /// <summary>Maps <c>POST {PluginPath}</c> (the default pool) and <c>POST {PluginPath}/{pool}</c> (the pools of <c>--pool</c>).</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<PortKeeperOptions>>().Value.PluginPath;
        endpoints.MapPost(path, HandleAsync).WithName(RouteName);
        endpoints.MapPost($"{path.TrimEnd('/')}/{{pool}}", HandlePoolAsync).WithName(PoolRouteName);
        return endpoints;
    }

    /// <summary>
    /// Answers one frps call of the default pool. Always one of the frps shapes: 400 VALIDATEERR for
    /// a structural fault, else 200; a slow or failing user grain becomes a refusal within the answer timeout.
    /// </summary>
    public static Task<Results<Ok<PluginResponse>, BadRequest<ValidationError>>> HandleAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, ILoggerFactory loggers, PluginMetrics metrics,
        [FromServices] PoolRegistry? pools = null, [FromServices] IStoredPorts? stored = null, [FromServices] TimeProvider? clock = null) =>
        AnswerAsync(request, grains, options.Value, loggers, metrics, new PoolAnswers(GrainKeys.DefaultPool, pools?.Default, ReservedPorts.Of(pools, pools?.Default), stored), clock);

    /// <summary>
    /// Answers one frps call of the pool <paramref name="pool"/> of <c>--pool</c>, as <see cref="HandleAsync"/>
    /// does; a path of no such pool gets 404 <c>{"error":"NOTFOUND","message":..}</c>, which frps logs
    /// as a failed plugin call (so the operator sees the wrong path), and nothing is allocated.
    /// </summary>
    public static async Task<Results<Ok<PluginResponse>, BadRequest<ValidationError>, NotFound<ValidationError>>> HandlePoolAsync(
        string pool, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, ILoggerFactory loggers, PluginMetrics metrics,
        PoolRegistry pools, [FromServices] IStoredPorts? stored = null, [FromServices] TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var path = options.Value.PluginPath.TrimEnd('/');
        if (pool == PoolRegistry.DefaultName || pools.Find(pool) is not { } found)
        {
            var known = string.Join(", ", pools.Extra.Select(p => $"{path}/{p.Name}"));
            LogNoPool(loggers.CreateLogger(LogCategory), pool);
            return TypedResults.NotFound(new ValidationError(NoPoolCode,
                $"PortKeeper has no pool '{pool}'; the default pool is at {options.Value.PluginPath}"
                + (known.Length > 0 ? $", the others at {known}" : ", and no other pool is configured (--pool NAME=SPEC)")));
        }
        return (await AnswerAsync(request, grains, options.Value, loggers, metrics, new PoolAnswers(found.Name, found, ReservedPorts.Of(pools, found), stored), clock)).Result switch
        {
            Ok<PluginResponse> ok => ok,
            BadRequest<ValidationError> bad => bad,
            var other => throw new InvalidOperationException($"unknown answer {other}"),
        };
    }

    // The pool a request is for: its name and ports, the ports no proxy gets, and where its known
    // proxies' ports are stored (null: no storage to read, as in tests of the endpoint alone).
    private sealed record PoolAnswers(string Pool, PoolPorts? Ports, ReservedPorts Reserved, IStoredPorts? Stored);

    private static async Task<Results<Ok<PluginResponse>, BadRequest<ValidationError>>> AnswerAsync(
        HttpRequest request, IGrainFactory grains, PortKeeperOptions settings, ILoggerFactory loggers, PluginMetrics metrics,
        PoolAnswers target, TimeProvider? clock)
    {
        // The clock of the answer deadline (a test's fake one, else the system's).
        var time = clock ?? TimeProvider.System;
        var (pool, reserved) = (target.Pool, target.Reserved);
        var started = Stopwatch.GetTimestamp();
        var logger = loggers.CreateLogger(LogCategory);
        PluginRequest? parsed = null;
        try
        {
            parsed = await ReadAsync(request, settings.MaxBodyBytes);
            var outcome = PluginStep.For(parsed, settings.AllowEmptyUser) switch
            {
                PluginStep.Answer(var answer) => answer,
                PluginStep.Acquire acquire => await AcquireAsync(grains, target, acquire, settings.AnswerTimeout, time, logger),
                PluginStep.Close close => await CloseAsync(grains, pool, close, settings.AnswerTimeout, time, logger),
                PluginStep.Heard heard => await HeardAsync(grains, pool, heard, settings.AnswerTimeout, time, logger),
                var step => throw new InvalidOperationException($"unknown step {step}"),
            };
            if (outcome is PluginOutcome.Invalid(var message) && Throttle.Allow("invalid", out var held))
            {
                LogInvalid(logger, message, held);
            }
            metrics.Record(outcome, Stopwatch.GetElapsedTime(started));
            return RecentRefusals.Noted(request, pool, parsed, PluginAnswers.For(outcome, reserved));
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
            return RecentRefusals.Noted(request, pool, parsed, PluginAnswers.For(faulted));
        }
    }

    // Reads at most limit + 1 bytes: enough to tell an oversized body without buffering it. Kestrel
    // reads and drops the rest of an oversized body up to DrainBytes past the limit after the answer,
    // so the client gets its 400 whole and the connection carries its next request. Past that, or when
    // a body breaks off (bad chunked framing, shorter than its length), the connection is closed, and
    // the answer says so: the rest is not read, so the connection cannot carry another request.
    private static async Task<PluginRequest> ReadAsync(HttpRequest request, int limit)
    {
        var drained = (long)limit + DrainBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = drained;
        }
        if (request.ContentLength > limit)
        {
            return request.ContentLength > drained ? Closing(request, PluginRequests.TooLarge(limit)) : PluginRequests.TooLarge(limit);
        }
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            read = await reader.ReadAtLeastAsync(limit + 1, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return Closing(request, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? PluginRequests.TooLarge(limit) : PluginRequests.Unreadable(e.Message));
        }
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

    private static PluginRequest Closing(HttpRequest request, PluginRequest answer)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return answer;
    }

    // Asks the user's grain, and answers within the deadline: a grain that is late or whose node is
    // lost has storage read for a known proxy's port; a node lost or state moving is asked again
    // (the call is idempotent: a proxy granted a port gets the same one) while time is left.
    private static async Task<PluginOutcome> AcquireAsync(
        IGrainFactory grains, PoolAnswers target, PluginStep.Acquire step, TimeSpan deadline, TimeProvider clock, ILogger logger)
    {
        var started = clock.GetTimestamp();
        var patience = StoredAnswers.Patience(deadline);
        TimeSpan Until(TimeSpan limit) => TimeSpan.FromTicks(Math.Max(0, (limit - clock.GetElapsedTime(started)).Ticks));
        TimeSpan Left() => Until(deadline);
        var storageAsked = false;
        while (true)
        {
            var call = grains.User(target.Pool, step.User).AcquireAsync(step.Proxy);
            try
            {
                // Until storage has been asked, the grain has its patience; then the rest of the deadline.
                return Answered(await call.WaitAsync(storageAsked ? Left() : Until(patience), clock));
            }
            catch (Exception) when (!storageAsked && (!call.IsCompleted || (call.IsFaulted && StoredAnswers.Covers(Failures.Classify(call.Exception)))))
            {
                // Late, or its node lost: a known proxy's port is in storage, which a release changes too.
                storageAsked = true;
                FailureKind? cause = call.IsFaulted ? Failures.Classify(call.Exception) : null;
                if (await FromStorageAsync(target, step, cause, Left(), clock, logger) is { } stored)
                {
                    LogFromStorage(logger, target.Pool, step.Key, stored.Port, cause is { } why ? Failures.Describe(why) : $"no answer within {patience}");
                    return stored;
                }
            }
            catch (Exception)
            {
                // Examined below, from the call itself.
            }

            Exception failure;
            try
            {
                return Answered(await call.WaitAsync(Left(), clock));
            }
            catch (Exception e)
            {
                failure = e;
            }
            FailureKind? kind = call.IsFaulted ? Failures.Classify(call.Exception) : null;
            if (kind is FailureKind.NodeUnreachable or FailureKind.Moved && Left() > RetryDelay)
            {
                await Task.Delay(RetryDelay, clock);
                continue;
            }
            return Refused(failure, kind);
        }

        PluginOutcome Refused(Exception failure, FailureKind? kind)
        {
            switch (kind)
            {
                case null:
                    if (Throttle.Allow("deadline", out var late))
                    {
                        LogAcquireTimedOut(logger, step.Key, step.User, deadline, late);
                    }
                    return new PluginOutcome.NotRecorded(step.Request.ProxyName, deadline);
                case FailureKind.Unexpected:
                    LogAcquireFailed(logger, failure, step.Key);
                    break;
                default:
                    if (Throttle.Allow(kind.ToString()!, out var held))
                    {
                        LogAcquireRefused(logger, step.Key, step.User, Failures.Describe(kind.Value), held);
                    }
                    break;
            }
            return new PluginOutcome.NotRecorded(step.Request.ProxyName, deadline, kind);
        }

        PluginOutcome Answered(Allocation allocation)
        {
            switch (allocation)
            {
                case Allocation.Granted { IsNew: false }:
                    LogKnown(logger, target.Pool, step.Key, step.Request.ProxyName, allocation);
                    break;
                case Allocation.Unavailable(var reason):
                    if (Throttle.Allow("unavailable", out var held))
                    {
                        LogAcquireRefused(logger, step.Key, step.User, reason, held);
                    }
                    break;
                default:
                    LogAllocation(logger, target.Pool, step.Key, step.Request.ProxyName, allocation);
                    break;
            }
            return new PluginOutcome.Leased(step.Request, step.Key, allocation);
        }
    }

    // How long a grain call that failed for a node lost or state moving waits before it is asked again.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    // The answer of the port storage holds for the proxy (or its group); null when there is no
    // storage to read, it holds no port that answers the request, or cannot say in time.
    private static async Task<PluginOutcome.FromStorage?> FromStorageAsync(
        PoolAnswers target, PluginStep.Acquire step, FailureKind? cause, TimeSpan remaining, TimeProvider clock, ILogger logger)
    {
        if (target is not { Stored: { } stored, Ports: { } ports } || remaining <= TimeSpan.Zero)
        {
            return null;
        }
        using var timeout = new CancellationTokenSource(remaining, clock);
        try
        {
            // Bounded here too: a database that hangs may not heed the cancellation.
            return StoredAnswers.For(step, await stored.HeldAsync(target.Pool, step.Key, timeout.Token).WaitAsync(remaining, clock), ports.Range, cause);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException || Failures.Classify(e) != FailureKind.Unexpected)
        {
            if (Throttle.Allow("stored", out var held))
            {
                LogStoredUnread(logger, target.Pool, step.Key, e.GetType().Name, e.Message, held);
            }
            return null;
        }
    }

    // Expected refusals (an outage, a node lost) write one line per kind every few seconds.
    private static readonly LogThrottle Throttle = new(TimeSpan.FromSeconds(10), TimeProvider.System);

    // frps ignores the answer to CloseProxy: failures are logged, never answered.
    private static async Task<PluginOutcome> CloseAsync(
        IGrainFactory grains, string pool, PluginStep.Close step, TimeSpan deadline, TimeProvider clock, ILogger logger)
    {
        try
        {
            await grains.User(pool, step.User).CloseAsync(step.ProxyName, step.RunId).WaitAsync(deadline, clock);
        }
        catch (Exception e)
        {
            var kind = e is TimeoutException ? FailureKind.NodeUnreachable : Failures.Classify(e);
            if (kind == FailureKind.Unexpected)
            {
                LogCloseFailed(logger, e, step.ProxyName);
            }
            else if (Throttle.Allow($"close-{kind}", out var held))
            {
                LogCloseNotRecorded(logger, step.ProxyName, step.User, e is TimeoutException ? $"no answer within {deadline}" : Failures.Describe(kind), held);
            }
        }
        return new PluginOutcome.Unchanged();
    }

    // One-way: the call returns once sent, so frps's heartbeat never waits for the grain.
    private static async Task<PluginOutcome> HeardAsync(
        IGrainFactory grains, string pool, PluginStep.Heard step, TimeSpan deadline, TimeProvider clock, ILogger logger)
    {
        try
        {
            await grains.User(pool, step.User).HeardAsync(step.RunId).WaitAsync(deadline, clock);
        }
        catch (Exception e) when (Throttle.Allow("ping", out var held))
        {
            LogPingFailed(logger, step.User, e.GetType().Name, e.Message, held);
        }
        catch (Exception)
        {
            // Held back: one line per 10 s says how many.
        }
        return new PluginOutcome.Unchanged();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pool {Pool}: {Key} answered with its stored port {Port}, as its user's grain could not answer ({Why})")]
    private static partial void LogFromStorage(ILogger logger, string pool, LeaseKey key, int port, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: the stored port of {Key} could not be read ({Error}: {Message}; {Held} more like it in the last 10 s)")]
    private static partial void LogStoredUnread(ILogger logger, string pool, LeaseKey key, string error, string message, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passing frps's Ping of user {User} on failed ({Error}: {Message}; {Held} more like it in the last 10 s)")]
    private static partial void LogPingFailed(ILogger logger, string user, string error, string message, int held);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a structurally invalid plugin request: {Problem} ({Held} more invalid requests in the last 10 s)")]
    private static partial void LogInvalid(ILogger logger, string problem, int held);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pool {Pool}: lease {Key} for proxy {ProxyName}: {Allocation}")]
    private static partial void LogKnown(ILogger logger, string pool, LeaseKey key, string proxyName, Allocation allocation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: lease {Key} for proxy {ProxyName}: {Allocation}")]
    private static partial void LogAllocation(ILogger logger, string pool, LeaseKey key, string proxyName, Allocation allocation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "frps posted to the path of pool '{Pool}', which is not configured; it got 404")]
    private static partial void LogNoPool(ILogger logger, string pool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Key} of user '{User}': no answer within {Deadline}; frpc retries ({Held} more refusals like it in the last 10 s)")]
    private static partial void LogAcquireTimedOut(ILogger logger, LeaseKey key, string user, TimeSpan deadline, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Key} of user '{User}': {Reason}; frpc retries ({Held} more refusals like it in the last 10 s)")]
    private static partial void LogAcquireRefused(ILogger logger, LeaseKey key, string user, string reason, int held);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {Key} failed unexpectedly; the proxy is refused and frpc retries")]
    private static partial void LogAcquireFailed(ILogger logger, Exception e, LeaseKey key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing proxy {ProxyName} failed unexpectedly; it stays online until its next NewProxy or CloseProxy")]
    private static partial void LogCloseFailed(ILogger logger, Exception e, string proxyName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CloseProxy of {ProxyName} of user '{User}' not recorded: {Reason} ({Held} more like it in the last 10 s)")]
    private static partial void LogCloseNotRecorded(ILogger logger, string proxyName, string user, string reason, int held);

    [LoggerMessage(Level = LogLevel.Error, Message = "A plugin request failed unexpectedly; frps gets a refusal")]
    private static partial void LogFaulted(ILogger logger, Exception e);
}
