using System.Collections.Concurrent;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>
/// Lets one log line per kind of event through per period, and counts the ones held back, so that
/// an outage writes a line every few seconds that says how many requests it stood for, not one
/// line per request.
/// </summary>
public sealed class LogThrottle(TimeSpan period, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a line of <paramref name="kind"/> may be written now; when it may,
    /// <paramref name="held"/> is how many were held back since the last one.
    /// </summary>
    public bool Allow(string kind, out int held)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.GetOrAdd(kind, _ => new Entry());
        lock (entry)
        {
            if (entry.Last is { } last && now - last < period)
            {
                entry.Held++;
                held = 0;
                return false;
            }
            (entry.Last, held, entry.Held) = (now, entry.Held, 0);
            return true;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset? Last { get; set; }

        public int Held { get; set; }
    }
}
