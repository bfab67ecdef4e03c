namespace PortKeeper.Grains;

/// <summary>
/// Shares durable writes among concurrent callers of one grain: a caller joins the next write
/// that has not started yet, so at most one write runs and one waits, whatever the load.
/// Meant for a grain's own scheduler (no locks): callers change state, then await
/// <see cref="RunAsync"/>, which stores a snapshot taken when the write starts. With
/// <c>haltsOnFailure</c> (the pool's, whose memory runs ahead of storage), a failed write fails
/// every later one; without (a user's, which undoes a failed change in memory), each write stands alone.
/// </summary>
internal sealed class GroupCommit(Func<Task> write, Action<int, TimeSpan>? written = null, bool haltsOnFailure = true)
{
    private Task _last = Task.CompletedTask;
    private Task? _waiting;

    /// <summary>Set once a write failed, when the commit halts on failure: state in memory may be ahead of storage.</summary>
    public bool Broken { get; private set; }

    /// <summary>
    /// Completes when a write that started after this call has finished. <paramref name="snapshot"/>
    /// runs just before that write to put the current state in place, and returns how many changes
    /// the write carries (for <c>written</c>). Throws what the write threw, or at once when an
    /// earlier write failed.
    /// </summary>
    public Task RunAsync(Func<int> snapshot)
    {
        if (Broken)
        {
            return Task.FromException(new InvalidOperationException("an earlier write failed"));
        }
        if (_waiting is null)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting = done.Task;
            var previous = _last;
            _last = done.Task;
            _ = WriteAfterAsync(previous, snapshot, done);
            return done.Task;
        }
        return _waiting;
    }

    /// <summary>Completes when every write started or queued so far has finished; throws what the last one threw.</summary>
    public Task WrittenAsync() => _last;

    private async Task WriteAfterAsync(Task previous, Func<int> snapshot, TaskCompletionSource done)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _waiting = null;
        try
        {
            if (Broken)
            {
                throw new InvalidOperationException("an earlier write failed");
            }
            var changes = snapshot();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await write();
            written?.Invoke(changes, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            done.SetResult();
        }
        catch (Exception e)
        {
            Broken = haltsOnFailure;
            done.SetException(e);
        }
    }
}
