using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>The outcome of a fuzz run: every case's answer class and time, and what was wrong.</summary>
public sealed class HostileRun
{
    private readonly ConcurrentBag<(HostileCase Case, string Answer, TimeSpan Elapsed)> _answers = [];
    private readonly ConcurrentBag<string> _failures = [];

    private HostileRun() { }

    public TimeSpan Elapsed { get; private set; }

    public IReadOnlyList<string> Failures => [.. _failures.Order(StringComparer.Ordinal)];

    /// <summary>Sends every case over <paramref name="connections"/> parallel connections and checks each answer as it comes.</summary>
    public static async Task<HostileRun> RunAsync(
        HttpClient http, IReadOnlyList<HostileCase> cases, IReadOnlyDictionary<KnownProxy, int> ports, int connections, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var run = new HostileRun();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (c, _) =>
        {
            var reply = await HostileWire.SendAsync(http, c, deadline);
            run._answers.Add((c, AnswerCheck.Class(reply), reply?.Elapsed ?? deadline));
            if (AnswerCheck.Problem(c, reply, ports) is { } problem)
            {
                run._failures.Add($"#{c.Index:D5} {c.Kind} {c.Method} {AnswerCheck.Excerpt(c.Target)}: {problem}\n    sent: {AnswerCheck.Excerpt(Encoding.UTF8.GetString(c.Body))}");
            }
        });
        run.Elapsed = Stopwatch.GetElapsedTime(started);
        return run;
    }

    /// <summary>Requests by kind, answers by class, the longest answer, the run time.</summary>
    public string Figures()
    {
        var text = new StringBuilder();
        var answers = _answers.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{answers.Count} requests in {Elapsed.TotalSeconds:0.0} s ({answers.Count / Elapsed.TotalSeconds:0} per second), {_failures.Count} failures");
        text.AppendLine("requests by kind:");
        foreach (var group in answers.GroupBy(a => a.Case.Kind).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key,-16} {group.Count(),6}  {string.Join(", ", group.GroupBy(a => a.Answer).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}"))}");
        }
        text.AppendLine("answers by status:");
        foreach (var group in answers.GroupBy(a => a.Answer).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key,-18} {group.Count(),6}");
        }
        var longest = answers.MaxBy(a => a.Elapsed);
        var sorted = answers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToList();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"answer time: median {sorted[sorted.Count / 2]:0.0} ms, 99th percentile {sorted[(int)(sorted.Count * 0.99)]:0.0} ms, longest {longest.Elapsed.TotalMilliseconds:0} ms (#{longest.Case.Index} {longest.Case.Kind}, {longest.Answer})");
        return text.ToString();
    }
}
