using CaseFlow.Workflows.Diagnostics;
using System.Diagnostics;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Workflows.Durability;

/// <summary>Options of the durable runtime.</summary>
public sealed class DurableRuntimeOptions
{
    /// <summary>How often a resume is retried when another writer saved the instance first.</summary>
    public int MaxConcurrencyRetries { get; set; } = 8;

    /// <summary>How long a stimulus that found no bookmark waits for one (Elsa's bookmark queue).</summary>
    public TimeSpan StimulusQueueTimeToLive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many due timers one sweep fires at most.</summary>
    public int TimerSweepBatchSize { get; set; } = 500;
}

public enum ResumeOutcome
{
    Resumed,
    InstanceNotFound,
    InstanceFinished,
    BookmarkNotFound,
    AlreadyApplied,
}

public sealed record ResumeResult(ResumeOutcome Outcome, WorkflowState? State);

/// <summary>
/// Runs workflows durably: every burst loads the instance from <see cref="IWorkflowInstanceStore"/>, runs in memory
/// and commits its snapshot, bookmarks, journal, lines and outbox in one transaction, revision-checked. Only after
/// the commit is work handed to the <see cref="IWorkflowWorkScheduler"/> (timers, outbox deliveries), and
/// <see cref="RecoverAsync"/> finds again whatever a crash lost between the two. Resuming is idempotent: a burned
/// bookmark or an already applied stimulus id makes a repeated delivery a no-op.
/// </summary>
/// <remarks>
/// Children started by <c>Elsa.ExecuteWorkflow</c> run inline in the parent's burst (Elsa's ordering) and are
/// committed in the same transaction as the parent, so a crash never leaves a child without its parent's bookmark.
/// </remarks>
public sealed class DurableWorkflowRuntime : IChildWorkflowInvoker
{
    private static readonly AsyncLocal<BurstScope?> CurrentScope = new();
    private readonly IWorkflowDefinitionProvider _definitions;
    private readonly IWorkflowInstanceStore _store;
    private readonly IWorkflowWorkScheduler _scheduler;
    private readonly IWorkflowConsole _console;
    private readonly Dictionary<string, IOutboxMessageHandler> _handlers;
    private readonly ILogger _logger;
    private readonly FailureBackoff _timerFailures = new();

    public DurableWorkflowRuntime(
        ActivityRegistry registry,
        IEnumerable<IExpressionEvaluator> evaluators,
        IWorkflowDefinitionProvider definitions,
        IWorkflowInstanceStore store,
        IWorkflowWorkScheduler scheduler,
        TimeProvider? clock = null,
        WorkflowRunnerOptions? runnerOptions = null,
        DurableRuntimeOptions? options = null,
        IWorkflowConsole? console = null,
        IEnumerable<IOutboxMessageHandler>? handlers = null,
        ILogger<DurableWorkflowRuntime>? logger = null)
    {
        _handlers = new Dictionary<string, IOutboxMessageHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers ?? [])
        {
            foreach (var kind in handler.Kinds)
            {
                if (!_handlers.TryAdd(kind, handler))
                    throw new ArgumentException($"Two outbox handlers for kind '{kind}': {_handlers[kind].GetType().Name} and {handler.GetType().Name}", nameof(handlers));
            }
        }

        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _console = console ?? NullWorkflowConsole.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Options = options ?? new DurableRuntimeOptions();
        Runner = new WorkflowRunner(registry, evaluators, definitions, clock, runnerOptions, this);
    }

    public WorkflowRunner Runner { get; }
    public DurableRuntimeOptions Options { get; }
    public IWorkflowInstanceStore Store => _store;
    private TimeProvider Clock => Runner.Clock;

    // ---- starting and resuming ---------------------------------------------------------------------------

    /// <summary>Starts an instance, runs its first burst and commits it.</summary>
    public async Task<WorkflowState> StartAsync(WorkflowDefinition definition, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var activity = WorkflowTelemetry.Source.StartActivity("workflow start");
        activity?.SetTag(WorkflowTelemetry.DefinitionTag, definition.DefinitionId);
        var scope = new BurstScope();
        WorkflowExecutionContext workflow;
        using (Enter(scope))
        {
            workflow = Runner.CreateInstance(definition, new StartWorkflowOptions
            {
                InstanceId = options?.InstanceId,
                Input = options?.Input,
                CorrelationId = options?.CorrelationId,
                TriggerActivityId = options?.TriggerActivityId,
                ParentInstanceId = options?.ParentInstanceId,
                Console = scope.Console,
            });
            await Runner.RunAsync(workflow, cancellationToken);
            scope.Add(workflow, expectedRevision: null, before: []);
        }

        await CommitAsync(scope, cancellationToken);
        return workflow.State;
    }

    /// <summary>
    /// Resumes a bookmark. Safe to call more than once for the same stimulus: a bookmark already used, or a
    /// <paramref name="stimulusId"/> already applied, makes it a no-op. Concurrent resumes of one instance are
    /// serialized by the store's revision check: the loser reloads and tries again.
    /// </summary>
    public Task<ResumeResult> ResumeAsync(string instanceId, string bookmarkId, object? input = null, string? stimulusId = null, CancellationToken cancellationToken = default) =>
        ResumeCoreAsync(instanceId, bookmarkId, input, stimulusId, consumedStimulusId: null, cancellationToken);

    private async Task<ResumeResult> ResumeCoreAsync(string instanceId, string bookmarkId, object? input, string? stimulusId, string? consumedStimulusId, CancellationToken cancellationToken)
    {
        using var activity = WorkflowTelemetry.Source.StartActivity("workflow resume");
        activity?.SetTag("caseflow.workflow.instance", instanceId);
        using var logScope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.FindAsync(instanceId, cancellationToken);
            if (stored is null)
                return new ResumeResult(ResumeOutcome.InstanceNotFound, null);
            var state = stored.Snapshot.State;
            if (stimulusId is not null && state.HasApplied(stimulusId))
                return new ResumeResult(ResumeOutcome.AlreadyApplied, state);
            if (state.Status == WorkflowStatus.Finished)
                return new ResumeResult(ResumeOutcome.InstanceFinished, state);
            if (state.Bookmarks.All(b => b.Id != bookmarkId))
                return new ResumeResult(ResumeOutcome.BookmarkNotFound, state);
            if (consumedStimulusId is not null && attempt > 1 && !await IsStillParkedAsync(state, bookmarkId, consumedStimulusId, cancellationToken))
                return new ResumeResult(ResumeOutcome.AlreadyApplied, state);

            var scope = new BurstScope();
            WorkflowExecutionContext workflow;
            // Read before the burst: the restored workflow runs on this very state, so afterwards it holds the new bookmarks too.
            var before = BookmarkIds(state);
            using (Enter(scope))
            {
                workflow = await RestoreAsync(stored, scope, cancellationToken);
                if (stimulusId is not null)
                    workflow.State.RecordApplied(stimulusId);
                await Runner.ResumeAsync(workflow, bookmarkId, input, cancellationToken);
                scope.Add(workflow, stored.Revision, before, consumedStimulusId);
            }

            try
            {
                await CommitAsync(scope, cancellationToken);
                return new ResumeResult(ResumeOutcome.Resumed, workflow.State);
            }
            catch (WorkflowConcurrencyException) when (attempt < Options.MaxConcurrencyRetries)
            {
                // Someone else saved the instance first: reload; their burst may already have used the bookmark.
            }
        }
    }

    /// <summary>
    /// Delivers an event to every instance waiting for it; parks it briefly when none waits yet. Returns how many were
    /// resumed. One waiting instance that cannot be resumed (it cannot be loaded) does not keep the event from the
    /// others: each is tried, and then the failure is thrown, so an outbox delivery is repeated (the instances that
    /// took the event already ignore it by its stimulus id).
    /// </summary>
    public async Task<int> PublishEventAsync(string eventName, string? correlationId = null, object? payload = null, string? stimulusId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        stimulusId ??= WorkflowExecutionContext.NewId();
        var hash = EventHash(eventName);
        var waiting = await _store.FindBookmarksAsync(Event.BookmarkName, hash, correlationId, cancellationToken);
        if (waiting.Count > 0)
            return await ResumeEveryAsync(eventName, waiting, payload, stimulusId, cancellationToken);

        var now = Clock.GetUtcNow();
        var parked = new QueuedStimulus(stimulusId, Event.BookmarkName, hash, correlationId, payload, now, now + Options.StimulusQueueTimeToLive);
        await _store.EnqueueStimulusAsync(parked, cancellationToken);

        // A bookmark committed between the lookup above and the parking has already looked for parked stimuli and
        // found none, so look again. Each side writes first and then reads the other's write: this side parks, then
        // looks for bookmarks; a bookmark's burst commits, then looks for parked stimuli (DeliverQueuedStimuliAsync).
        // The store orders writes and reads (one writer; a read sees every commit before it), so whichever side
        // reads second sees the other's write: no interleaving leaves the event parked beside a bookmark that
        // waits for it. Both sides may see each other and both deliver: each delivery consumes the parked stimulus
        // in the resume's own transaction (a second consumption is a conflict) and records its id on the instance,
        // so exactly one instance resumes, once. As before, a parked event is taken by one new bookmark.
        var appeared = await _store.FindBookmarksAsync(Event.BookmarkName, hash, correlationId, cancellationToken);
        return await DeliverParkedAsync(parked, appeared, cancellationToken) ? 1 : 0;
    }

    // An event's bookmark hash (a SHA-256 over its JSON) depends on the event name only: computed once per name. The
    // names come from definitions and callers, so the cache is bounded (emptied when full).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _eventHashes = new(StringComparer.Ordinal);
    private int _eventHashCount;

    private string EventHash(string eventName)
    {
        if (_eventHashes.TryGetValue(eventName, out var hash))
            return hash;
        hash = Bookmark.ComputeHash(Event.BookmarkName, new Dictionary<string, object?> { ["eventName"] = eventName }, null);
        if (Interlocked.Increment(ref _eventHashCount) > 1024)
        {
            Volatile.Write(ref _eventHashCount, 0);
            _eventHashes.Clear();
        }

        _eventHashes[eventName] = hash;
        return hash;
    }

    private async Task<int> ResumeEveryAsync(string eventName, IReadOnlyList<StoredBookmark> waiting, object? payload, string stimulusId, CancellationToken cancellationToken)
    {
        var resumed = 0;
        List<Exception>? failures = null;
        foreach (var bookmark in waiting)
        {
            try
            {
                if ((await ResumeAsync(bookmark.InstanceId, bookmark.Bookmark.Id, payload, stimulusId, cancellationToken)).Outcome == ResumeOutcome.Resumed)
                    resumed++;
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                _logger.LogError(ex, "Event {EventName} ({StimulusId}) could not resume instance {InstanceId}: {Reason}; the other waiting instances still get it", eventName, stimulusId, bookmark.InstanceId, ex.Message);
                (failures ??= []).Add(ex);
            }
        }

        if (failures is [var only])
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(only);
        if (failures is not null)
            throw new AggregateException($"Event {eventName} ({stimulusId}) resumed {resumed} instances; {failures.Count} could not be resumed", failures);
        return resumed;
    }

    // Hands a parked stimulus to the first of these bookmarks that takes it (consuming it in the resume's transaction).
    private async Task<bool> DeliverParkedAsync(QueuedStimulus parked, IReadOnlyList<StoredBookmark> bookmarks, CancellationToken cancellationToken)
    {
        foreach (var bookmark in bookmarks)
        {
            ResumeResult result;
            try
            {
                result = await ResumeCoreAsync(bookmark.InstanceId, bookmark.Bookmark.Id, parked.Input, parked.Id, parked.Id, cancellationToken);
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                // It stays parked for the next bookmark that appears.
                _logger.LogError(ex, "Parked stimulus {StimulusId} could not resume instance {InstanceId}: {Reason}", parked.Id, bookmark.InstanceId, ex.Message);
                continue;
            }

            if (result.Outcome == ResumeOutcome.Resumed)
                return true;
            if (result.Outcome == ResumeOutcome.AlreadyApplied)
                return false; // the bookmark's own check took it, or another instance did
        }

        return false;
    }

    // Whether a parked stimulus can still be consumed: false once another burst consumed it (or it expired).
    private async Task<bool> IsStillParkedAsync(WorkflowState state, string bookmarkId, string stimulusId, CancellationToken cancellationToken)
    {
        var bookmark = state.Bookmarks.First(b => b.Id == bookmarkId);
        var queued = await _store.FindQueuedStimuliAsync(bookmark.Name, bookmark.Hash, Clock.GetUtcNow(), cancellationToken);
        return queued.Any(q => q.Id == stimulusId);
    }

    private static bool IsCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Resumes the instances waiting on a bookmark with this name and payload (the stimulus, e.g. a human task's id),
    /// with <paramref name="input"/>; the stimulus id makes a repeated delivery a no-op. Returns how many resumed.
    /// </summary>
    public async Task<int> ResumeStimulusAsync(string bookmarkName, Dictionary<string, object?> payload, object? input, string stimulusId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bookmarkName);
        ArgumentException.ThrowIfNullOrEmpty(stimulusId);
        var hash = Bookmark.ComputeHash(bookmarkName, payload, null);
        var resumed = 0;
        foreach (var bookmark in await _store.FindBookmarksAsync(bookmarkName, hash, null, cancellationToken))
        {
            if ((await ResumeAsync(bookmark.InstanceId, bookmark.Bookmark.Id, input, stimulusId, cancellationToken)).Outcome == ResumeOutcome.Resumed)
                resumed++;
        }

        return resumed;
    }

    /// <summary>Completes a task handed out by <c>Elsa.RunTask</c>; false when no instance waits for it.</summary>
    public async Task<bool> CompleteTaskAsync(string taskId, object? result = null, CancellationToken cancellationToken = default)
    {
        var hash = Bookmark.ComputeHash(RunTask.BookmarkName, new Dictionary<string, object?> { ["taskId"] = taskId }, null);
        foreach (var bookmark in await _store.FindBookmarksAsync(RunTask.BookmarkName, hash, null, cancellationToken))
        {
            if ((await ResumeAsync(bookmark.InstanceId, bookmark.Bookmark.Id, result, "task:" + taskId, cancellationToken)).Outcome == ResumeOutcome.Resumed)
                return true;
        }

        return false;
    }

    /// <summary>Fires one timer bookmark (the job a scheduler runs at its due time). Firing twice is harmless.</summary>
    public Task<ResumeResult> FireTimerAsync(string instanceId, string bookmarkId, CancellationToken cancellationToken = default) =>
        ResumeAsync(instanceId, bookmarkId, null, "timer:" + bookmarkId, cancellationToken);

    /// <summary>
    /// Fires every timer due now (a periodic sweep), at most <see cref="DurableRuntimeOptions.TimerSweepBatchSize"/>,
    /// earliest first. Returns how many fired. A timer that throws (its instance cannot be loaded, its definition
    /// version is gone) is logged and the others fire; it is tried again after a back-off (<see cref="FailureBackoff"/>:
    /// 1 min, doubling up to 1 h), and until then sweeps read past it, so failing timers never fill the batch.
    /// </summary>
    public async Task<int> FireDueTimersAsync(CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        var batch = Options.TimerSweepBatchSize;
        var fired = 0;
        var tried = 0;
        foreach (var timer in await _store.FindTimersAsync(now, _timerFailures.PageSize(batch), cancellationToken))
        {
            if (tried == batch)
                break;
            if (_timerFailures.IsWaiting(TimerKey(timer), now))
                continue;
            tried++;
            if (await TryFireTimerAsync(timer, "the timer sweep", cancellationToken) == ResumeOutcome.Resumed)
                fired++;
        }

        return fired;
    }

    /// <summary>
    /// Start-up recovery: every pending timer is scheduled again from the store (overdue ones fire at once) and every
    /// outbox message not yet delivered is handed to the scheduler again. A timer or message that throws is logged
    /// (with its instance id and the reason) and the rest is recovered: one broken instance does not stop the start.
    /// With <paramref name="rescheduleFutureTimers"/> false, timers not yet due are left to the job system, which kept
    /// them (a durable job storage shared by several nodes: scheduling them again on every node's start would only add
    /// one more job per timer and node).
    /// </summary>
    public async Task RecoverAsync(bool rescheduleFutureTimers = true, CancellationToken cancellationToken = default)
    {
        var now = Clock.GetUtcNow();
        var failed = 0;
        foreach (var timer in await _store.FindTimersAsync(rescheduleFutureTimers ? DateTimeOffset.MaxValue : now, int.MaxValue, cancellationToken))
        {
            if (timer.Bookmark.DueAt is { } due && due > now)
            {
                try
                {
                    _scheduler.ScheduleTimer(timer.InstanceId, timer.Bookmark.Id, due);
                }
                catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
                {
                    // The timer sweep still fires it once it is due.
                    failed++;
                    _logger.LogError(ex, "Timer {BookmarkId} of instance {InstanceId} could not be scheduled during start-up recovery: {Reason}", timer.Bookmark.Id, timer.InstanceId, ex.Message);
                }
            }
            else if (await TryFireTimerAsync(timer, "start-up recovery", cancellationToken) is null)
            {
                failed++;
            }
        }

        foreach (var message in await _store.ListUndispatchedAsync(int.MaxValue, cancellationToken))
        {
            try
            {
                _scheduler.EnqueueDispatch(message.Id, message.InstanceId);
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                // The stale-outbox sweep still delivers it.
                failed++;
                _logger.LogError(ex, "Outbox message {MessageId} of instance {InstanceId} could not be handed to the scheduler during start-up recovery: {Reason}", message.Id, message.InstanceId, ex.Message);
            }
        }

        if (failed > 0)
            _logger.LogWarning("Start-up recovery is done; {Failed} timers or outbox messages failed (logged above) and are tried again by the sweep", failed);
    }

    // Fires one timer of a batch; a failure is logged and backed off instead of thrown. Null when it failed.
    private async Task<ResumeOutcome?> TryFireTimerAsync(StoredBookmark timer, string during, CancellationToken cancellationToken)
    {
        var key = TimerKey(timer);
        try
        {
            var outcome = (await FireTimerAsync(timer.InstanceId, timer.Bookmark.Id, cancellationToken)).Outcome;
            _timerFailures.Succeeded(key);
            return outcome;
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            // An instance that loads but fails in an activity records an incident itself; what arrives here could not
            // be run at all (unreadable snapshot, missing definition version, a store error), so the log is its record.
            var retryAt = _timerFailures.Failed(key, Clock.GetUtcNow());
            _logger.LogError(ex, "Timer {BookmarkId} of instance {InstanceId} could not fire during {During}: {Reason}. The other timers go on; this one is tried again from {RetryAt:O}",
                timer.Bookmark.Id, timer.InstanceId, during, ex.Message, retryAt);
            return null;
        }
    }

    private static string TimerKey(StoredBookmark timer) => timer.InstanceId + "/" + timer.Bookmark.Id;

    /// <summary>Delivers one outbox message (the job the scheduler runs after a commit). Delivering twice is harmless.</summary>
    public Task DispatchAsync(string outboxMessageId, CancellationToken cancellationToken = default) =>
        DispatchAsync(outboxMessageId, beforeDelivery: null, cancellationToken);

    /// <summary>
    /// Delivers one outbox message, and first, in <see cref="OutboxMessage.Sequence"/> order, every undelivered
    /// message its instance wrote before it. <paramref name="beforeDelivery"/> runs before each message is delivered
    /// (the host starts event-triggered definitions there).
    /// </summary>
    /// <remarks>
    /// Each message is its own job, run in parallel with the others and retried on its own, so jobs arrive in any
    /// order; whichever job of an instance runs first delivers everything up to its message, in order, and marks each
    /// message dispatched right after its handler returned. Why that keeps order between dispatchers, even in two
    /// processes: a message's handler starts only after every earlier message of its instance was handled once
    /// completely: either this dispatcher handled it just before, or it was already marked dispatched when the list was
    /// read, and the mark is written after the handler. Messages of a burst become visible only with their commit, and
    /// a burst commits after the one before it, so no earlier message can appear later. What the database cannot stop
    /// is a second dispatcher handling an earlier message again while a later one is applied (both read it as not yet
    /// dispatched): that late duplicate is harmless because handlers are idempotent and compare sequences (an older
    /// message does not undo a newer one). A message that keeps failing holds up the later messages of its instance
    /// (not of others) until it is delivered: the price of order.
    /// </remarks>
    public async Task DispatchAsync(string outboxMessageId, Func<OutboxMessage, CancellationToken, Task>? beforeDelivery, CancellationToken cancellationToken = default)
    {
        var entry = await _store.FindOutboxMessageAsync(outboxMessageId, cancellationToken);
        if (entry is not { Dispatched: false } found)
            return;
        foreach (var message in await _store.ListUndispatchedAsync(found.Message.InstanceId, found.Message.Sequence, cancellationToken))
        {
            if (beforeDelivery is not null)
                await beforeDelivery(message, cancellationToken);
            await DeliverAsync(message, cancellationToken);
        }
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var activity = WorkflowTelemetry.Source.StartActivity("outbox deliver " + message.Kind);
        activity?.SetTag("caseflow.workflow.instance", message.InstanceId);
        using var logScope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = message.InstanceId, ["OutboxMessageId"] = message.Id });
        await DeliverCoreAsync(message, cancellationToken);
        WorkflowTelemetry.OutboxLag.Record((Clock.GetUtcNow() - message.CreatedAt).TotalMilliseconds, new KeyValuePair<string, object?>("caseflow.outbox.kind", message.Kind));
    }

    private async Task DeliverCoreAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case OutboxKinds.PublishEvent:
                await PublishEventAsync(
                    (string)message.Payload["eventName"]!,
                    message.Payload.GetValueOrDefault("correlationId") as string,
                    message.Payload.GetValueOrDefault("payload"),
                    message.Id,
                    cancellationToken);
                break;
            case OutboxKinds.ChildCompleted:
                await ResumeParentAsync(message, cancellationToken);
                break;
            default:
                if (_handlers.TryGetValue(message.Kind, out var handler))
                    await handler.HandleAsync(message, cancellationToken);
                break;
        }

        await _store.MarkDispatchedAsync(message.Id, Clock.GetUtcNow(), cancellationToken);
    }

    private async Task ResumeParentAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var parentId = (string)message.Payload["parentInstanceId"]!;
        var hash = Bookmark.ComputeHash(ExecuteWorkflow.BookmarkName, new Dictionary<string, object?> { ["childInstanceId"] = message.InstanceId }, null);
        var output = message.Payload.GetValueOrDefault("output") as IDictionary<string, object?> ?? new Dictionary<string, object?>();
        var result = new ChildWorkflowResult(
            message.InstanceId,
            Enum.Parse<WorkflowStatus>((string)message.Payload["status"]!),
            Enum.Parse<WorkflowSubStatus>((string)message.Payload["subStatus"]!),
            output);
        foreach (var bookmark in await _store.FindBookmarksAsync(ExecuteWorkflow.BookmarkName, hash, null, cancellationToken))
        {
            if (bookmark.InstanceId == parentId)
                await ResumeAsync(parentId, bookmark.Bookmark.Id, result, message.Id, cancellationToken);
        }
    }

    // ---- repair ------------------------------------------------------------------------------------------

    /// <summary>Cancels an instance (journal: Workflow cancelled). False when it is unknown or already finished.</summary>
    public Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default) =>
        MutateAsync(instanceId, workflow =>
        {
            if (workflow.State.Status == WorkflowStatus.Finished)
                return new ValueTask<bool>(false);
            workflow.CancelWorkflow();
            return new ValueTask<bool>(true);
        }, cancellationToken);

    /// <summary>Re-runs the faulted activity of an incident and lets the instance carry on.</summary>
    public Task<bool> RetryIncidentAsync(string instanceId, string incidentId, CancellationToken cancellationToken = default) =>
        MutateAsync(instanceId, async workflow =>
        {
            if (workflow.State.Incidents.All(i => i.Id != incidentId))
                return false;
            await Runner.RetryAsync(workflow, incidentId, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip = 0, int take = 100, CancellationToken cancellationToken = default) =>
        _store.GetJournalAsync(instanceId, skip, take, cancellationToken);

    private async Task<bool> MutateAsync(string instanceId, Func<WorkflowExecutionContext, ValueTask<bool>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.FindAsync(instanceId, cancellationToken);
            if (stored is null)
                return false;
            var scope = new BurstScope();
            bool changed;
            var before = BookmarkIds(stored.Snapshot.State);
            using (Enter(scope))
            {
                var workflow = await RestoreAsync(stored, scope, cancellationToken);
                changed = await change(workflow);
                if (!changed)
                    return false;
                scope.Add(workflow, stored.Revision, before);
            }

            try
            {
                await CommitAsync(scope, cancellationToken);
                return true;
            }
            catch (WorkflowConcurrencyException) when (attempt < Options.MaxConcurrencyRetries)
            {
            }
        }
    }

    // ---- children ----------------------------------------------------------------------------------------

    async ValueTask<ChildWorkflowResult> IChildWorkflowInvoker.StartAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        var scope = CurrentScope.Value ?? throw new InvalidOperationException("A child workflow can only start inside a burst");
        var child = await Runner.CreateChildAsync(request, scope.Console, cancellationToken);
        await Runner.RunAsync(child, cancellationToken);
        scope.Add(child, expectedRevision: null, before: []);
        return new ChildWorkflowResult(child.Id, child.State.Status, child.State.SubStatus, child.State.Output);
    }

    // ---- commit ------------------------------------------------------------------------------------------

    private async Task<WorkflowExecutionContext> RestoreAsync(StoredInstance stored, BurstScope scope, CancellationToken cancellationToken)
    {
        var state = stored.Snapshot.State;
        var definition = await _definitions.FindByVersionIdAsync(state.DefinitionVersionId, cancellationToken)
            ?? throw new InvalidOperationException($"Instance {state.Id} runs definition version {state.DefinitionVersionId}, which no longer exists");
        return await Runner.RestoreAsync(definition, stored.Snapshot, scope.Console, cancellationToken);
    }

    private async Task CommitAsync(BurstScope scope, CancellationToken cancellationToken)
    {
        var commits = scope.Build(Clock.GetUtcNow());
        var committing = Stopwatch.GetTimestamp();
        await _store.CommitAsync(commits, cancellationToken);
        WorkflowTelemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(committing).TotalMilliseconds);
        WorkflowTelemetry.BurstDuration.Record(Stopwatch.GetElapsedTime(scope.Began).TotalMilliseconds);
        foreach (var commit in commits)
        {
            var state = commit.Snapshot.State;
            var definition = new KeyValuePair<string, object?>(WorkflowTelemetry.DefinitionTag, state.DefinitionId);
            if (commit.ExpectedRevision is null)
                WorkflowTelemetry.Started.Add(1, definition);
            if (state.Status == WorkflowStatus.Finished)
                (state.SubStatus == WorkflowSubStatus.Faulted ? WorkflowTelemetry.Faulted : WorkflowTelemetry.Finished).Add(1, definition);
        }

        // After the commit only: a crash before this point loses nothing that RecoverAsync cannot find again.
        foreach (var (commit, before) in commits.Zip(scope.BookmarksBefore))
        {
            foreach (var line in commit.Lines)
                _console.WriteLine(commit.InstanceId, line);
            foreach (var bookmark in commit.Snapshot.State.Bookmarks.Where(b => !before.Contains(b.Id)))
            {
                if (bookmark.DueAt is { } due)
                    _scheduler.ScheduleTimer(commit.InstanceId, bookmark.Id, due);
            }

            foreach (var message in commit.Outbox)
                _scheduler.EnqueueDispatch(message.Id, message.InstanceId);
        }

        foreach (var commit in commits)
            await DeliverQueuedStimuliAsync(commit, cancellationToken);
    }

    // A stimulus that arrived just before its bookmark existed was parked; a new matching bookmark takes it now.
    private async Task DeliverQueuedStimuliAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        var state = commit.Snapshot.State;
        if (state.Status == WorkflowStatus.Finished)
            return;
        var awaiting = commit.AwaitingBookmarks;
        for (var i = 0; i < awaiting.Count; i++)
        {
            var bookmark = awaiting[i];
            // Looked up in the commit's own transaction when the store could (see InstanceCommit.ParkedStimuli).
            var queued = commit.ParkedStimuli is { } parked && parked.Count == awaiting.Count
                ? parked[i]
                : await _store.FindQueuedStimuliAsync(bookmark.Name, bookmark.Hash, Clock.GetUtcNow(), cancellationToken);
            foreach (var match in queued.Where(q => q.CorrelationId is null || q.CorrelationId == state.CorrelationId))
            {
                // Another bookmark (or the publisher's own look after parking, see PublishEventAsync) may take a
                // parked stimulus first: then the next one parked is tried.
                if ((await ResumeCoreAsync(state.Id, bookmark.Id, match.Input, match.Id, match.Id, cancellationToken)).Outcome != ResumeOutcome.AlreadyApplied)
                    return;
            }
        }
    }

    private static Scope Enter(BurstScope scope)
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = scope;
        return new Scope(previous);
    }

    private readonly struct Scope(BurstScope? previous) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = previous;
    }

    private static HashSet<string> BookmarkIds(WorkflowState state) => state.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The instances one burst touched (a parent and the children it started inline) and what they wrote.</summary>
    private sealed class BurstScope
    {
        private readonly List<(WorkflowExecutionContext Workflow, long? ExpectedRevision, string? ConsumedStimulusId)> _entries = [];
        private readonly Dictionary<string, List<string>> _lines = new(StringComparer.Ordinal);

        public BurstScope() => Console = new LineBuffer(this);

        public IWorkflowConsole Console { get; }

        /// <summary>When the burst began (a <see cref="Stopwatch"/> timestamp).</summary>
        public long Began { get; } = Stopwatch.GetTimestamp();

        public List<HashSet<string>> BookmarksBefore { get; } = [];

        public void Add(WorkflowExecutionContext workflow, long? expectedRevision, HashSet<string> before, string? consumedStimulusId = null)
        {
            _entries.Add((workflow, expectedRevision, consumedStimulusId));
            BookmarksBefore.Add(before);
        }

        public List<InstanceCommit> Build(DateTimeOffset now)
        {
            var inScope = _entries.Select(e => e.Workflow.Id).ToHashSet(StringComparer.Ordinal);
            var commits = new List<InstanceCommit>();
            for (var e = 0; e < _entries.Count; e++)
            {
                var (workflow, expectedRevision, consumed) = _entries[e];
                var outbox = workflow.Outbox.Select(item => ToMessage(item, workflow, now)).Where(m => m is not null).Select(m => m!).ToList();
                var state = workflow.State;
                // A child that finished inside its parent's burst already returned its result inline.
                if (state.Status == WorkflowStatus.Finished && state.ParentWorkflowInstanceId is { } parentId && (!inScope.Contains(parentId) || expectedRevision is not null))
                {
                    outbox.Add(new OutboxMessage(WorkflowExecutionContext.NewId(), OutboxKinds.ChildCompleted, state.Id, new Dictionary<string, object?>
                    {
                        ["parentInstanceId"] = parentId,
                        ["status"] = state.Status.ToString(),
                        ["subStatus"] = state.SubStatus.ToString(),
                        ["output"] = new Dictionary<string, object?>(state.Output),
                    }, now));
                }

                // The revision this commit writes (the store's revision check lets one burst only commit it).
                var revision = (expectedRevision ?? 0) + 1;
                for (var i = 0; i < outbox.Count; i++)
                    outbox[i] = outbox[i] with { Sequence = OutboxSequence.Of(revision, i) };

                commits.Add(new InstanceCommit
                {
                    Snapshot = workflow.CreateSnapshot(),
                    ExpectedRevision = expectedRevision,
                    Journal = workflow.Journal.ToList(),
                    Lines = _lines.GetValueOrDefault(workflow.Id)?.ToList() ?? [],
                    Outbox = outbox,
                    ConsumedStimulusId = consumed,
                    AwaitingBookmarks = AwaitingBookmarks(state, BookmarksBefore[e]),
                });
                workflow.Journal.Clear();
                workflow.Outbox.Clear();
            }

            return commits;
        }

        // A finished instance waits for nothing; a timer bookmark is fired by the scheduler, never by a parked stimulus.
        private static List<Bookmark> AwaitingBookmarks(WorkflowState state, HashSet<string> before) =>
            state.Status == WorkflowStatus.Finished ? [] : state.Bookmarks.Where(b => !before.Contains(b.Id) && !TimerBookmarks.IsTimer(b)).ToList();

        private static OutboxMessage? ToMessage(object item, WorkflowExecutionContext workflow, DateTimeOffset now) => item switch
        {
            PublishedEvent e => new OutboxMessage(WorkflowExecutionContext.NewId(), OutboxKinds.PublishEvent, workflow.Id, new Dictionary<string, object?>
            {
                ["eventName"] = e.EventName,
                ["correlationId"] = e.CorrelationId,
                ["payload"] = ValueConverter.ToPlain(e.Payload),
            }, now),
            RunTaskRequest t => new OutboxMessage(WorkflowExecutionContext.NewId(), OutboxKinds.RunTask, workflow.Id, new Dictionary<string, object?>
            {
                ["taskId"] = t.TaskId,
                ["taskName"] = t.TaskName,
                ["payload"] = ValueConverter.ToPlain(t.Payload),
                ["activityInstanceId"] = t.ActivityInstanceId,
            }, now),
            OutboxItem o => new OutboxMessage(WorkflowExecutionContext.NewId(), o.Kind, workflow.Id, new Dictionary<string, object?>(o.Payload.Select(p => KeyValuePair.Create(p.Key, ValueConverter.ToPlain(p.Value))), StringComparer.Ordinal), now),
            _ => null,
        };

        private sealed class LineBuffer(BurstScope scope) : IWorkflowConsole
        {
            public void WriteLine(string instanceId, string text)
            {
                if (!scope._lines.TryGetValue(instanceId, out var lines))
                    scope._lines[instanceId] = lines = [];
                lines.Add(text);
            }
        }
    }
}
