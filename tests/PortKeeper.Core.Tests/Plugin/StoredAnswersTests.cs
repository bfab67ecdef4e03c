using PortKeeper.Core.Tests.Domain;
using PortKeeper.Gateway.Plugin;
using PortKeeper.Grains;

namespace PortKeeper.Core.Tests.Plugin;

public sealed class StoredAnswersTests
{
    public static TheoryData<string?, int?, int?, string, int?> Answers => new()
    {
        // A known proxy (or group) asking for any port, or for its own: its stored port.
        { null, null, 6003, "6000-6009", 6003 },
        { null, 6003, 6003, "6000-6009", 6003 },
        { "web", null, 6003, "6000-6009", 6003 },
        { "web", 6003, 6003, "6000-6009", 6003 },
        // Nothing stored: a new proxy waits for its grain.
        { null, null, null, "6000-6009", null },
        { "web", 6005, null, "6000-6009", null },
        // Asking for another port, or holding one the range no longer has: the grain must decide.
        { null, 6005, 6003, "6000-6009", null },
        { "web", 6005, 6003, "6000-6009", null },
        { null, null, 6003, "7000-7009", null },
        { "web", null, 6003, "6000-6002,6004-6009", null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void stored_port_answers_only_what_the_grain_would_answer_from_it(string? group, int? requested, int? held, string range, int? expected)
    {
        var step = Assert.IsType<PluginStep.Acquire>(PluginStep.For(new PluginRequest.NewProxy("bob.ssh", "tcp", group, requested, "bob", []), allowEmptyUser: false));

        var answer = StoredAnswers.For(step, held, Ports.Range(range), FailureKind.NodeUnreachable);

        Assert.Equal(expected, answer?.Port);
        if (answer is not null)
        {
            Assert.Equal(new PluginOutcome.FromStorage(step.Request, step.Key, expected!.Value, FailureKind.NodeUnreachable), answer);
        }
    }

    [Theory]
    [InlineData(5000, 1000)]
    [InlineData(2000, 1000)]
    [InlineData(1000, 500)]
    [InlineData(200, 100)]
    public void grain_has_half_the_deadline_and_at_most_a_second_before_storage_is_read(int deadlineMs, int patienceMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(patienceMs), StoredAnswers.Patience(TimeSpan.FromMilliseconds(deadlineMs)));

    [Theory]
    [InlineData(FailureKind.NodeUnreachable, true)]
    [InlineData(FailureKind.Moved, true)]
    [InlineData(FailureKind.StorageDown, true)]
    [InlineData(FailureKind.Unexpected, false)]
    public void storage_answers_for_expected_failures_never_for_a_defect(FailureKind cause, bool covered) =>
        Assert.Equal(covered, StoredAnswers.Covers(cause));
}
