namespace PortKeeper.Silo.Storage;

/// <summary>
/// One queued change: a put, or a clear when <see cref="Data"/> is null. Its task completes with
/// the new etag (null after a clear) only once the change is on disk.
/// </summary>
internal sealed class WriteRequest(StateKey key, string? expectedETag, byte[]? data)
{
    // Continuations run off the writer loop so that grain code never delays the next group commit.
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateKey Key => key;

    public string? ExpectedETag => expectedETag;

    public byte[]? Data => data;

    public Task<string?> Completion => _completion.Task;

    public void Succeed(string? etag) => _completion.TrySetResult(etag);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
