using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// One proxy frps was told to refuse: when, in which pool, whose proxy (as the request named it;
/// empty when it named none), the port it asked for (null: any), and the reason the frpc user got.
/// </summary>
public sealed record RefusalRecord(
    DateTimeOffset At, string Pool, string User, string Proxy, string Protocol, int? Port, string Reason)
{
    // Names and reasons come from frps's requests: a bounded buffer holds bounded text.
    private const int MaxText = 512;

    /// <summary>The record of <paramref name="answer"/> when it refuses, else null.</summary>
    public static RefusalRecord? Of(DateTimeOffset at, string pool, PluginRequest? request, PluginResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Reject)
        {
            return null;
        }
        var (user, proxy, protocol, port) = request is PluginRequest.NewProxy p
            ? (p.User, p.ProxyName, p.ProxyType, p.RemotePort)
            : ("", "", "", null);
        return new(at, pool, Cut(user), Cut(proxy), Cut(protocol), port, Cut(answer.RejectReason ?? ""));
    }

    private static string Cut(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…");
}

/// <summary>The last <see cref="Capacity"/> refusals of this node's plugin endpoint, in memory, newest first.</summary>
public sealed class RecentRefusals(TimeProvider clock)
{
    /// <summary>Refusals kept.</summary>
    public const int Capacity = 100;

    private readonly RefusalRecord?[] _ring = new RefusalRecord?[Capacity];
    private int _next;

    /// <summary>Keeps <paramref name="answer"/> when it is a refusal; returns it unchanged.</summary>
    public Results<Ok<PluginResponse>, BadRequest<ValidationError>> Note(
        string pool, PluginRequest? request, Results<Ok<PluginResponse>, BadRequest<ValidationError>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Result is Ok<PluginResponse> { Value: { } response } && RefusalRecord.Of(clock.GetUtcNow(), pool, request, response) is { } record)
        {
            lock (_ring)
            {
                _ring[_next] = record;
                _next = (_next + 1) % Capacity;
            }
        }
        return answer;
    }

    /// <summary>The refusals kept, newest first.</summary>
    public ImmutableArray<RefusalRecord> List()
    {
        lock (_ring)
        {
            return [.. Enumerable.Range(1, Capacity).Select(back => _ring[(_next - back + Capacity) % Capacity]).OfType<RefusalRecord>()];
        }
    }

    /// <summary>
    /// Keeps a refusal answered to <paramref name="request"/>, for the plugin endpoint's one-line hook;
    /// resolved per request so that the endpoint's signature stays as its tests know it (which call it
    /// without services: then nothing is kept).
    /// </summary>
    public static Results<Ok<PluginResponse>, BadRequest<ValidationError>> Noted(
        HttpRequest request, string pool, PluginRequest? parsed, Results<Ok<PluginResponse>, BadRequest<ValidationError>> answer) =>
        (request ?? throw new ArgumentNullException(nameof(request))).HttpContext.RequestServices?.GetService<RecentRefusals>() is { } refusals
            ? refusals.Note(pool, parsed, answer)
            : answer;
}
