using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Chaos;

/// <summary>
/// Three combined node processes on one PostgreSQL database, as three frps hosts run them; a node
/// can be killed with kill -9 and is started again, on new ports, until it is ready.
/// </summary>
public sealed class ChaosCluster(string database, string adminToken, string range, TimeSpan deadline) : IAsyncDisposable
{
    private const int Size = 3;
    private readonly NodeProcess?[] _nodes = new NodeProcess?[Size];
    private readonly bool[] _ready = new bool[Size];
    private readonly List<Task> _starting = [];
    private readonly List<NodeProcess> _gone = [];
    private readonly Lock _lock = new();

    /// <summary>Nodes killed so far.</summary>
    public int Killed { get; private set; }

    /// <summary>Starts of a node that failed (a start during an outage, say) and were tried again.</summary>
    public int FailedStarts { get; private set; }

    /// <summary>The logs of every node the run started, killed ones included.</summary>
    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes.OfType<NodeProcess>().Concat(_gone).Select(n => n.Output)];
            }
        }
    }

    /// <summary>The nodes that answer now.</summary>
    public IReadOnlyList<NodeProcess> Ready
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes.Where((n, i) => n is not null && _ready[i])!];
            }
        }
    }

    /// <summary>Starts all three nodes and waits until they answer.</summary>
    public async Task StartAsync()
    {
        await Task.WhenAll(Enumerable.Range(0, Size).Select(StartSlotAsync));
    }

    /// <summary>
    /// Kills a ready node with kill -9 (never the last one ready) and starts it again in the
    /// background; false when no node could be killed.
    /// </summary>
    public async Task<bool> KillOneAsync(Random random)
    {
        NodeProcess victim;
        int slot;
        lock (_lock)
        {
            var ready = Enumerable.Range(0, Size).Where(i => _nodes[i] is not null && _ready[i]).ToList();
            if (ready.Count < 2)
            {
                return false;
            }
            slot = ready[random.Next(ready.Count)];
            victim = _nodes[slot]!;
            _ready[slot] = false;
            _nodes[slot] = null;
            _gone.Add(victim);
        }
        await victim.KillAsync();
        Killed++;
        lock (_lock)
        {
            _starting.Add(StartSlotAsync(slot));
        }
        return true;
    }

    /// <summary>Waits until every node is started again and ready.</summary>
    public async Task SettleAsync()
    {
        Task[] starting;
        lock (_lock)
        {
            starting = [.. _starting];
        }
        await Task.WhenAll(starting);
    }

    // Starts the node of a slot, again and again until it is ready (a start fails while the database is down).
    private async Task StartSlotAsync(int slot)
    {
        var deadline = DateTime.UtcNow + Deadlines.Slow;
        while (true)
        {
            var node = NodeProcess.Launch(Arguments());
            try
            {
                await node.WaitUntilReadyAsync();
                lock (_lock)
                {
                    _nodes[slot] = node;
                    _ready[slot] = true;
                }
                return;
            }
            catch (Exception e) when ((e is InvalidOperationException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                FailedStarts++;
                await node.DisposeAsync();
                await Task.Delay(1000);
            }
        }
    }

    private string[] Arguments() =>
    [
        "--allow-ports", range, "--postgres", database, "--cluster-id", "chaos", "--admin-token", adminToken,
        "--answer-timeout", $"{deadline.TotalSeconds}s",
        // Each grant is logged at Information; the run's load would spend a core writing them.
        "--Logging:LogLevel:PortKeeper.Gateway.Plugin=Warning",
    ];

    public async ValueTask DisposeAsync()
    {
        await SettleAsync().WaitAsync(TimeSpan.FromSeconds(90)).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var node in _nodes.OfType<NodeProcess>().Concat(_gone))
        {
            await node.DisposeAsync();
        }
    }
}
