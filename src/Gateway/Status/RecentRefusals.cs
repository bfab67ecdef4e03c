using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Gateway.Status;

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
