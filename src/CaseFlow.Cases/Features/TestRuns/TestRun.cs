using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// One user's test run, in memory: its sandbox, who started it, and when it expires (<see cref="TestRunOptions.IdleTimeout"/>
/// after its last call). Its calls run one at a time: two completions of one task give one success, and the second
/// finds the task gone.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate's wait handle is never asked for, so it holds nothing to dispose; a run removed while a call holds the gate must still release it.")]
public sealed class TestRun
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TestRunSandbox _sandbox;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleTimeout;
    private int _waiting;
    private long _lastUsedTicks;
    private TestRunAction _lastAction = new("start");

    internal TestRun(string id, string owner, string definitionId, int? definitionVersion, string correlationId, TestRunSandbox sandbox, TimeProvider clock, TimeSpan idleTimeout)
    {
        Id = id;
        Owner = owner;
        DefinitionId = definitionId;
        DefinitionVersion = definitionVersion;
        CorrelationId = correlationId;
        _sandbox = sandbox;
        _clock = clock;
        _idleTimeout = idleTimeout;
        StartedAt = clock.GetUtcNow();
        LastUsedAt = StartedAt;
    }

    public string Id { get; }

    /// <summary>The user name of who started it: only they (and admins) see it.</summary>
    public string Owner { get; }

    public string DefinitionId { get; }

    /// <summary>The stored version that runs; null when the caller sent the definition (unsaved work).</summary>
    public int? DefinitionVersion { get; }

    public string CorrelationId { get; }
    public DateTimeOffset StartedAt { get; }
    // Read by the store's eviction and expiry without the run's gate.
    public DateTimeOffset LastUsedAt
    {
        get => new(Volatile.Read(ref _lastUsedTicks), TimeSpan.Zero);
        private set => Volatile.Write(ref _lastUsedTicks, value.UtcTicks);
    }
    public DateTimeOffset ExpiresAt => LastUsedAt + _idleTimeout;

    /// <summary>Set when the run was deleted, evicted or expired: calls still queued for it find nothing.</summary>
    internal bool Removed { get; set; }

    /// <summary>Calls waiting for the one that runs (tests force interleavings with it).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    public bool IsVisibleTo(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return string.Equals(Owner, actor.UserName, StringComparison.OrdinalIgnoreCase) || actor.IsInRole(CaseRoles.Admin);
    }

    /// <summary>Runs one call on the sandbox (after the calls before it), slides the expiry and answers the run as it is then.</summary>
    internal async Task<TestRunView> CallAsync(Func<TestRunSandbox, Task<TestRunAction>> call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            if (Removed)
                throw Gone(Id);

            // Not the request's token: a call that stopped half-way would leave the run half-run. The budget bounds it.
            var action = await call(_sandbox);
            _lastAction = action with { At = _clock.GetUtcNow() };
            LastUsedAt = _lastAction.At;
            return View();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The run as it is, once the call running now (if any) is done; reading it counts as using it.</summary>
    public async Task<TestRunView> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Removed)
                throw Gone(Id);
            LastUsedAt = _clock.GetUtcNow();
            return View();
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static NotFoundException Gone(string id) => new($"No test run '{id}': it was deleted, replaced by newer runs or expired.");

    private TestRunView View()
    {
        var root = _sandbox.Root.State;
        return new TestRunView(
            Id,
            DefinitionId,
            DefinitionVersion,
            CorrelationId,
            root.Status,
            root.SubStatus,
            StartedAt,
            ExpiresAt,
            _sandbox.Steps,
            _sandbox.Variables(),
            new Dictionary<string, object?>(root.Input, StringComparer.Ordinal),
            new Dictionary<string, object?>(root.Output, StringComparer.Ordinal),
            _sandbox.Waits(),
            _sandbox.Effects,
            _sandbox.Incidents(),
            _sandbox.Console,
            _lastAction,
            _sandbox.Dropped);
    }
}
