using PortKeeper.Grains;

namespace PortKeeper.Core.Tests.Grains;

public sealed class GroupCommitTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task write_after_a_failed_one_runs_only_when_the_commit_does_not_halt(bool halts, bool secondRuns)
    {
        var writes = 0;
        var commit = new GroupCommit(() => ++writes == 1 ? Task.FromException(new TimeoutException("storage down")) : Task.CompletedTask, haltsOnFailure: halts);

        await Assert.ThrowsAsync<TimeoutException>(() => commit.RunAsync(() => 1));
        var second = await Record.ExceptionAsync(() => commit.RunAsync(() => 1));

        Assert.Equal(secondRuns, second is null);
        Assert.Equal(halts, commit.Broken);
        Assert.Equal(secondRuns ? 2 : 1, writes);
    }
}
