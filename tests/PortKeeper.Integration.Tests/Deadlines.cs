using System.Globalization;

namespace PortKeeper.Integration.Tests;

/// <summary>
/// Every wait of these tests has a deadline, and a wait that passes it fails with a
/// <see cref="TimeoutException"/> saying what did not happen, instead of hanging the run.
/// </summary>
public static class Deadlines
{
    /// <summary>For what takes a moment when all is well: a grain call, an HTTP answer, a process exit.</summary>
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    /// <summary>For what needs a node, a cluster or a database to start, or a load to run.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);

    /// <summary>How often <see cref="UntilAsync(Func{bool}, TimeSpan, string)"/> looks again.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>The result of <paramref name="task"/>; fails naming <paramref name="what"/> when it has not finished within <paramref name="limit"/>.</summary>
    public static async Task<T> WithinAsync<T>(this Task<T> task, TimeSpan limit, string what)
    {
        await ((Task)task).WithinAsync(limit, what);
        return await task;
    }

    /// <summary>Awaits <paramref name="task"/>; fails naming <paramref name="what"/> when it has not finished within <paramref name="limit"/>.</summary>
    public static async Task WithinAsync(this Task task, TimeSpan limit, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var timer = new CancellationTokenSource();
        if (await Task.WhenAny(task, Task.Delay(limit, timer.Token)) != task)
        {
            throw Missed(limit, what);
        }
        await timer.CancelAsync();
        await task;
    }

    /// <summary>Looks at <paramref name="done"/> until it holds; fails naming <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static Task UntilAsync(Func<bool> done, TimeSpan limit, string what) => UntilAsync(done, limit, () => what);

    /// <summary>Looks at <paramref name="done"/> until it holds; fails after <paramref name="limit"/> with <paramref name="what"/> as it reads then.</summary>
    public static Task UntilAsync(Func<bool> done, TimeSpan limit, Func<string> what) =>
        UntilAsync(() => Task.FromResult(done()), ok => ok, limit, _ => what());

    /// <summary>
    /// Asks <paramref name="probe"/> until its answer satisfies <paramref name="done"/> and returns that answer;
    /// fails after <paramref name="limit"/> with <paramref name="what"/> of the last answer.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan limit, Func<T, string> what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(what);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var answer = await probe().WithinAsync(limit, "an answer to a probe");
            if (done(answer))
            {
                return answer;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw Missed(limit, what(answer));
            }
            await Task.Delay(Poll);
        }
    }

    private static TimeoutException Missed(TimeSpan limit, string what) =>
        new($"waited {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s in vain for {what}");
}
