using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>
/// Says in one line every 10 s at most how many connections Kestrel refused at its connection
/// limit. Kestrel writes a line for each refusal itself (left out by default), which would let a
/// flood of connections flood the log too; its counter, <c>kestrel_rejected_connections_total</c>
/// in <c>/metrics</c>, counts them all.
/// </summary>
public sealed partial class ConnectionRefusals(ILogger<ConnectionRefusals> logger, IOptions<KestrelServerOptions> kestrel) : BackgroundService
{
    /// <summary>Longest time between two lines.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    private const string Rejected = "kestrel.rejected_connections";

    private long _refused;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KestrelMeter && instrument.Name == Rejected)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _refused, value));
        listener.Start();
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Interlocked.Exchange(ref _refused, 0) is var refused and > 0)
                {
                    LogRefused(logger, refused, kestrel.Value.Limits.MaxConcurrentConnections);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Refused} connections in the last 10 s: {Limit} were open, the most Kestrel:Limits:MaxConcurrentConnections allows; if frps opened them, raise the limit")]
    private static partial void LogRefused(ILogger logger, long refused, long? limit);
}
