using PortKeeper.Grains;

namespace PortKeeper.Core.Tests.Domain;

public sealed class FailuresTests
{
    [Theory]
    [InlineData(FailureKind.StorageDown, false)]
    [InlineData(FailureKind.Moved, true)]
    [InlineData(FailureKind.NodeUnreachable, true)]
    [InlineData(FailureKind.Unexpected, true)]
    public void activation_whose_write_failed_reloads_unless_storage_is_down(FailureKind kind, bool reloads) =>
        Assert.Equal(reloads, Failures.Reloads(kind));
}
