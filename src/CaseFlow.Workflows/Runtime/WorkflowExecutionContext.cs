using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// A live workflow instance: its state, its tree of running activity contexts and the FIFO work queue that a
/// burst drains. Single-threaded by design (Elsa's QueueBasedActivityScheduler): one burst at a time per instance.
/// </summary>
/// <remarks>
/// Scheduling is breadth-first: a completing activity's parent queues the next activities at the end of the
/// queue, so parallel branches interleave in connection order, exactly as Elsa runs them.
/// </remarks>
public sealed class WorkflowExecutionContext
{
    private readonly Queue<WorkItem> _queue = new();
    private readonly Dictionary<string, ActivityExecutionContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _outputs = new(StringComparer.Ordinal);
    private Dictionary<string, object>? _expressionCache;
    private DateTimeOffset _now;

    // The activity whose ExecuteAsync or ResumeAsync is on the stack: where a budget's time limit interrupted the burst.
    private ActivityExecutionContext? _running;

    internal WorkflowExecutionContext(WorkflowRunner runner, WorkflowPlan plan, WorkflowState state, IWorkflowConsole console)
    {
        Runner = runner;
        Plan = plan;
        State = state;
        Console = console;
    }

    public string Id => State.Id;
    public WorkflowState State { get; }
    public WorkflowPlan Plan { get; }
    public WorkflowRunner Runner { get; }
    internal WorkflowCompiler Compiler => Runner.Compiler;
    public TimeProvider Clock => Runner.Clock;
    public IWorkflowConsole Console { get; set; }
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>The context of the workflow itself (root of the activity tree); null before the first burst.</summary>
    public ActivityExecutionContext? Root { get; private set; }

    /// <summary>Journal records produced since the host last drained them.</summary>
    public List<JournalRecord> Journal { get; } = [];

    /// <summary>Work for the host to carry out after the burst commits: published events, task requests, child starts.</summary>
    public List<object> Outbox { get; } = [];

    public object? LastResult { get; private set; }

    /// <summary>
    /// Called after each activity execution or resumption of this instance (also when it faulted), with the
    /// activity's context. In-memory hosts use it to take what the activity just journaled and handed out while they
    /// still know which activity did it; null (the default) costs nothing.
    /// </summary>
    public Action<ActivityExecutionContext>? ActivityRan { get; set; }

    public IncidentStrategy IncidentStrategy =>
        Plan.Definition.IncidentStrategyType?.Contains("Continue", StringComparison.OrdinalIgnoreCase) == true ? IncidentStrategy.Continue : Runner.Options.DefaultIncidentStrategy;

    internal IDictionary<string, object> ExpressionCache => _expressionCache ??= new Dictionary<string, object>(StringComparer.Ordinal);

    // ---- bursts ------------------------------------------------------------------------------------------

    internal async ValueTask StartAsync()
    {
        _now = Clock.GetUtcNow();
        var root = new ActivityExecutionContext(this, Plan.Root, null, NewId()) { StartedAt = _now };
        root.Scope = new WorkflowScope { Inputs = new Dictionary<string, object?>(State.Input, StringComparer.OrdinalIgnoreCase), Definition = Plan.Definition };
        Root = root;
        _contexts[root.Id] = root;
        State.SubStatus = WorkflowSubStatus.Executing;
        await ExecuteContextAsync(root);
        await RunQueueAsync();
    }

    internal async ValueTask ResumeAsync(Bookmark bookmark, object? input)
    {
        if (!_contexts.ContainsKey(bookmark.ActivityInstanceId))
            throw new InvalidOperationException($"Bookmark {bookmark.Id} points at activity instance {bookmark.ActivityInstanceId}, which is not running");
        EnqueueResume(bookmark, input);
        State.SubStatus = WorkflowSubStatus.Executing;
        await RunQueueAsync();
    }

    private async ValueTask RunQueueAsync()
    {
        var budget = Runner.Options.Budget;
        try
        {
            while (State.SubStatus == WorkflowSubStatus.Executing && _queue.TryDequeue(out var item))
            {
                if (budget is not null)
                {
                    // Work whose activity (resumed) or owner (scheduled) ended meanwhile is skipped, as below, and not counted.
                    if (item.Owner.Status != ActivityStatus.Running)
                        continue;
                    if (budget.Take() is { } exhausted)
                    {
                        StopRunaway(item.Bookmark is null ? CreateChildContext(item) : item.Owner, exhausted);
                        break;
                    }
                }

                CancellationToken.ThrowIfCancellationRequested();
                if (item.Bookmark is not null)
                    await ResumeContextAsync(item.Owner, item.Bookmark, item.ResumeInput);
                else if (item.Owner.Status == ActivityStatus.Running)
                    await ExecuteChildAsync(item);
            }
        }
        catch (OperationCanceledException) when (budget is { TimedOut: true } && _running is { } interrupted)
        {
            // The budget's time ran out inside an activity (a script honours its token): that activity faults.
            StopRunaway(interrupted, budget.TimeLimitMessage);
        }
        finally
        {
            _running = null;
            ReleaseExpressionCache();
        }

        if (State.SubStatus == WorkflowSubStatus.Executing)
            State.SubStatus = WorkflowSubStatus.Suspended;
        State.UpdatedAt = Clock.GetUtcNow();
    }

    // Script engines and similar per-burst resources go back to their owners between bursts.
    private void ReleaseExpressionCache()
    {
        if (_expressionCache is not { Count: > 0 } cache)
            return;
        foreach (var value in cache.Values)
            (value as IDisposable)?.Dispose();
        cache.Clear();
    }

    private ValueTask ExecuteChildAsync(WorkItem item) => ExecuteContextAsync(CreateChildContext(item));

    private ActivityExecutionContext CreateChildContext(WorkItem item)
    {
        _now = Clock.GetUtcNow();
        var context = new ActivityExecutionContext(this, item.Plan!, item.Owner, NewId())
        {
            StartedAt = _now,
            ScheduledByBackwardConnection = item.Backward,
        };
        item.Owner.Children.Add(context);
        _contexts[context.Id] = context;
        return context;
    }

    private async ValueTask ExecuteContextAsync(ActivityExecutionContext context)
    {
        AddJournal(context, JournalEvents.Started);
        _running = context;
        try
        {
            var task = context.Activity.ExecuteAsync(context);
            if (task.IsCompletedSuccessfully)
                task.GetAwaiter().GetResult();
            else
                await task;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
        {
            FaultOrStopRunaway(context, ex);
        }

        _running = null;
        if (context.Status == ActivityStatus.Running && HasBookmarks(context))
            AddJournal(context, JournalEvents.Suspended);
        ActivityRan?.Invoke(context);
    }

    private async ValueTask ResumeContextAsync(ActivityExecutionContext context, Bookmark bookmark, object? input)
    {
        if (context.Status != ActivityStatus.Running)
            return;
        _now = Clock.GetUtcNow();
        context.ResumedBookmark = bookmark;
        context.ResumeInput = input;
        AddJournal(context, JournalEvents.Resumed);
        _running = context;
        try
        {
            await context.Activity.ResumeAsync(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
        {
            FaultOrStopRunaway(context, ex);
        }
        finally
        {
            context.ResumedBookmark = null;
            context.ResumeInput = null;
        }

        _running = null;
        if (context.Status == ActivityStatus.Running && HasBookmarks(context))
            AddJournal(context, JournalEvents.Suspended);
        ActivityRan?.Invoke(context);
    }

    // ---- snapshots ---------------------------------------------------------------------------------------

    /// <summary>
    /// Captures the instance between bursts so another process can continue it (see <see cref="WorkflowRunner.RestoreAsync"/>).
    /// The snapshot shares this instance's <see cref="State"/>: serialize it before the next burst.
    /// </summary>
    public Snapshots.WorkflowSnapshot CreateSnapshot()
    {
        var contexts = new List<Snapshots.ActivityContextSnapshot>();
        if (Root is not null)
            AddSnapshot(Root, contexts);
        return new Snapshots.WorkflowSnapshot
        {
            State = State,
            Contexts = contexts,
            Outputs = _outputs.ToDictionary(p => p.Key, p => new Dictionary<string, object?>(p.Value), StringComparer.Ordinal),
            LastResult = LastResult,
            Scheduled = _queue.Select(item => new Snapshots.ScheduledWorkSnapshot
            {
                NodeId = item.Plan?.NodeId,
                OwnerId = item.Owner.Id,
                Backward = item.Backward,
                Bookmark = item.Bookmark,
                Input = item.ResumeInput,
            }).ToList(),
        };
    }

    private static void AddSnapshot(ActivityExecutionContext context, List<Snapshots.ActivityContextSnapshot> contexts)
    {
        contexts.Add(context.ToSnapshot());
        foreach (var child in context.ChildContexts)
            AddSnapshot(child, contexts);
    }

    internal async ValueTask RestoreAsync(Snapshots.WorkflowSnapshot snapshot)
    {
        foreach (var saved in snapshot.Contexts)
        {
            ActivityExecutionContext? parent = null;
            if (saved.ParentId is not null && !_contexts.TryGetValue(saved.ParentId, out parent))
                throw new InvalidOperationException($"Snapshot of instance {Id}: activity {saved.Id} names a missing parent {saved.ParentId}");
            var plan = parent is null ? Plan.Root : await FindChildPlanAsync(parent, saved.NodeId);
            var context = new ActivityExecutionContext(this, plan, parent, saved.Id);
            await context.RestoreAsync(saved);
            if (parent is null)
                Root = context;
            else
                parent.Children.Add(context);
            _contexts[context.Id] = context;
        }

        foreach (var (activityId, outputs) in snapshot.Outputs)
            _outputs[activityId] = new Dictionary<string, object?>(outputs, StringComparer.OrdinalIgnoreCase);
        LastResult = snapshot.LastResult;

        foreach (var item in snapshot.Scheduled)
        {
            var owner = _contexts.GetValueOrDefault(item.OwnerId)
                ?? throw new InvalidOperationException($"Snapshot of instance {Id}: queued work names a missing activity {item.OwnerId}");
            var plan = item.NodeId is null ? null : await FindChildPlanAsync(owner, item.NodeId);
            _queue.Enqueue(new WorkItem(plan, owner, item.Backward, item.Bookmark, item.Input));
        }
    }

    /// <summary>
    /// Re-runs the activity behind an incident (a repair after the cause was fixed): the incident is removed, the
    /// activity executes again and the burst continues with whatever was still queued when it faulted.
    /// </summary>
    internal async ValueTask RetryAsync(string incidentId)
    {
        var incident = State.Incidents.FirstOrDefault(i => i.Id == incidentId)
            ?? throw new KeyNotFoundException($"Instance {Id} has no incident {incidentId}");
        var context = _contexts.GetValueOrDefault(incident.ActivityInstanceId);
        if (context is not { Status: ActivityStatus.Faulted })
            throw new InvalidOperationException($"The activity of incident {incidentId} is no longer faulted");
        State.Incidents.Remove(incident);
        context.Status = ActivityStatus.Running;
        State.SubStatus = WorkflowSubStatus.Executing;
        State.FinishedAt = null;
        _now = Clock.GetUtcNow();
        AddJournal(context, JournalEvents.Retried);
        await ExecuteContextAsync(context);
        await RunQueueAsync();
    }

    private async ValueTask<ActivityPlan> FindChildPlanAsync(ActivityExecutionContext parent, string nodeId)
    {
        if (parent.Activity is Activities.Composition.WorkflowDefinitionActivity)
        {
            var root = await Activities.Composition.WorkflowDefinitionActivity.GetChildRootAsync(parent);
            if (root.NodeId == nodeId)
                return root;
        }

        foreach (var child in parent.Plan.Children)
        {
            if (child.NodeId == nodeId)
                return child;
        }

        throw new InvalidOperationException($"Snapshot of instance {Id} names activity {nodeId}, which definition {State.DefinitionVersionId} does not have under {parent.Plan.NodeId}");
    }

    // ---- scheduling and completion -----------------------------------------------------------------------

    internal void Schedule(ActivityPlan plan, ActivityExecutionContext owner, bool backward) => _queue.Enqueue(new WorkItem(plan, owner, backward, null, null));

    /// <summary>Queues the resumption of a bookmark within the current burst (local events).</summary>
    public void EnqueueResume(Bookmark bookmark, object? input)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        var context = _contexts.GetValueOrDefault(bookmark.ActivityInstanceId);
        if (context is null)
            return;
        if (bookmark.AutoBurn)
            State.Bookmarks.Remove(bookmark);
        _queue.Enqueue(new WorkItem(null, context, false, bookmark, input));
    }

    /// <summary>True when the container still has running children or queued work in its subtree.</summary>
    public bool HasPendingWork(ActivityExecutionContext container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (container.HasChildren)
        {
            foreach (var child in container.Children)
            {
                if (child.Status == ActivityStatus.Running)
                    return true;
            }
        }

        foreach (var item in _queue)
        {
            if (IsWithin(item.Owner, container))
                return true;
        }

        return false;
    }

    /// <summary>True when an item for this plan, owned by this container, is already queued.</summary>
    public bool IsScheduled(ActivityPlan plan, ActivityExecutionContext owner)
    {
        foreach (var item in _queue)
        {
            if (item.Plan == plan && item.Owner == owner)
                return true;
        }

        return false;
    }

    private static bool IsWithin(ActivityExecutionContext? context, ActivityExecutionContext ancestor)
    {
        for (var c = context; c is not null; c = c.Parent)
        {
            if (c == ancestor)
                return true;
        }

        return false;
    }

    internal void CompleteActivity(ActivityExecutionContext context, IReadOnlyList<string> outcomes)
    {
        if (context.Status != ActivityStatus.Running)
            return;
        context.Status = ActivityStatus.Completed;
        context.CompletedOutcomes = outcomes;
        RemoveBookmarks(context);
        EndSubtree(context);
        AddJournal(context, JournalEvents.Completed, outcomes: outcomes);
        _contexts.Remove(context.Id);

        var parent = context.Parent;
        if (parent is null)
        {
            OnRootCompleted(context);
            return;
        }

        parent.Children.Remove(context);
        if (parent.Status == ActivityStatus.Running)
            parent.Activity.OnChildCompleted(parent, context);
    }

    /// <summary>Cancels an activity and everything under it; its parent is told through <see cref="Activity.OnChildEnded"/>.</summary>
    public void CancelActivity(ActivityExecutionContext context, bool notifyParent = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Status != ActivityStatus.Running)
            return;
        context.Status = ActivityStatus.Canceled;
        RemoveBookmarks(context);
        EndSubtree(context);
        AddJournal(context, JournalEvents.Canceled);
        _contexts.Remove(context.Id);
        var parent = context.Parent;
        if (parent is null)
            return;
        parent.Children.Remove(context);
        if (notifyParent && parent.Status == ActivityStatus.Running)
            parent.Activity.OnChildEnded(parent, context);
    }

    // A container that ends takes its running children and their queued work with it.
    private void EndSubtree(ActivityExecutionContext context)
    {
        if (context.HasChildren)
        {
            foreach (var child in context.Children.ToArray())
            {
                if (child.Status == ActivityStatus.Running)
                    CancelActivity(child, notifyParent: false);
            }
        }

        if (_queue.Count == 0)
            return;

        // Queued work owned by an ended container would otherwise count as pending work of its ancestors.
        var subtree = context.HasChildren || context.Plan.Children.Count > 0 || context.Scope is not null;
        var any = false;
        foreach (var item in _queue)
        {
            if (subtree ? IsWithin(item.Owner, context) : item.Owner == context)
            {
                any = true;
                break;
            }
        }

        if (!any)
            return;
        var count = _queue.Count;
        for (var i = 0; i < count; i++)
        {
            var item = _queue.Dequeue();
            if (!(subtree ? IsWithin(item.Owner, context) : item.Owner == context))
                _queue.Enqueue(item);
        }
    }

    internal void FaultActivity(ActivityExecutionContext context, Exception exception) => FaultActivity(context, exception, IncidentStrategy == IncidentStrategy.Fault);

    // A budget ran out (ExecutionBudget): the instance faults whatever its incident strategy; retrying the incident runs the activity again.
    private void StopRunaway(ActivityExecutionContext context, string message) => FaultActivity(context, new ActivityFaultException(message), faultWorkflow: true);

    // An activity that failed after the call's time ran out (a script stopped by its own limit while the budget's
    // timer was still waiting for a thread) is the runaway the budget is there for: blamed on the time limit.
    private void FaultOrStopRunaway(ActivityExecutionContext context, Exception exception)
    {
        if (Runner.Options.Budget is { TimedOut: true } budget)
            StopRunaway(context, budget.TimeLimitMessage);
        else
            FaultActivity(context, exception);
    }

    private void FaultActivity(ActivityExecutionContext context, Exception exception, bool faultWorkflow)
    {
        var message = exception is ActivityFaultException or ExpressionException or InvalidCastException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
        context.Status = ActivityStatus.Faulted;
        RemoveBookmarks(context);
        AddJournal(context, JournalEvents.Faulted, message, new Dictionary<string, object?> { ["Exception"] = exception.GetType().FullName, ["Message"] = exception.Message });
        State.Incidents.Add(new ActivityIncident(NewId(), context.Node.Id, context.Plan.NodeId, context.Id, context.Node.Type, message, ExceptionState.From(exception), Clock.GetUtcNow()));

        if (faultWorkflow)
        {
            // The queue is kept (and persisted) so that a retry of the incident can carry on where the burst stopped.
            State.SubStatus = WorkflowSubStatus.Faulted;
            State.FinishedAt = Clock.GetUtcNow();
            return;
        }

        if (context.Parent is { Status: ActivityStatus.Running } parent)
            parent.Activity.OnChildEnded(parent, context);
    }

    private void OnRootCompleted(ActivityExecutionContext root)
    {
        if (root.Scope is { } scope)
        {
            foreach (var (key, value) in scope.Outputs)
                State.Output[key] = value;
            State.Outcomes = scope.Outcomes ?? root.CompletedOutcomes;
        }

        if (State.SubStatus is WorkflowSubStatus.Executing or WorkflowSubStatus.Suspended or WorkflowSubStatus.Pending)
            State.SubStatus = WorkflowSubStatus.Finished;
        State.FinishedAt = Clock.GetUtcNow();
        State.Bookmarks.Clear();
        _queue.Clear();
    }

    /// <summary>Ends the whole workflow at once (<c>Elsa.Finish</c>): nothing queued runs and every bookmark goes.</summary>
    public void FinishWorkflow()
    {
        _queue.Clear();
        State.Bookmarks.Clear();
        if (Root is { Status: ActivityStatus.Running } root)
            CompleteActivity(root, Outcomes.DoneOnly);
    }

    /// <summary>Cancels the instance: running activities are cancelled, bookmarks removed, sub-status Cancelled.</summary>
    public void CancelWorkflow()
    {
        if (State.Status == WorkflowStatus.Finished)
            return;
        _queue.Clear();
        if (Root is { } root)
        {
            CancelActivity(root, notifyParent: false);
            AddJournal(root, JournalEvents.WorkflowCancelled);
        }

        State.Bookmarks.Clear();
        State.SubStatus = WorkflowSubStatus.Cancelled;
        State.FinishedAt = Clock.GetUtcNow();
    }

    // ---- bookmarks ---------------------------------------------------------------------------------------

    internal Bookmark CreateBookmark(ActivityExecutionContext context, BookmarkOptions options)
    {
        var name = options.Name ?? context.Node.Type;
        var bookmark = new Bookmark
        {
            Id = NewId(),
            Name = name,
            Hash = Bookmark.ComputeHash(name, options.Payload, options.IncludeActivityInstanceId ? context.Id : null, options.ExcludeFromHash),
            Payload = options.Payload,
            ActivityId = context.Node.Id,
            ActivityNodeId = context.Plan.NodeId,
            ActivityInstanceId = context.Id,
            CreatedAt = Clock.GetUtcNow(),
            AutoBurn = options.AutoBurn,
            CallbackMethodName = options.CallbackMethodName,
            DueAt = options.DueAt,
            Metadata = options.Metadata,
        };
        State.Bookmarks.Add(bookmark);
        return bookmark;
    }

    internal bool HasBookmarks(ActivityExecutionContext context)
    {
        foreach (var bookmark in State.Bookmarks)
        {
            if (bookmark.ActivityInstanceId == context.Id)
                return true;
        }

        return false;
    }

    internal void RemoveBookmarks(ActivityExecutionContext context)
    {
        if (State.Bookmarks.Count > 0)
            RemoveBookmarksOf(context.Id);
    }

    private void RemoveBookmarksOf(string activityInstanceId) => State.Bookmarks.RemoveAll(b => b.ActivityInstanceId == activityInstanceId);

    // ---- outputs and journal -----------------------------------------------------------------------------

    internal void RecordOutput(ActivityExecutionContext context, string name, object? value)
    {
        ValueSizeLimit.Check(Runner.Options, "Output", name, value);
        if (!_outputs.TryGetValue(context.Node.Id, out var outputs))
            _outputs[context.Node.Id] = outputs = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        outputs[name] = value;
        if (name == "result")
            LastResult = value;
    }

    internal object? GetOutput(string activityIdOrName, string outputName)
    {
        if (!_outputs.TryGetValue(activityIdOrName, out var outputs))
        {
            var plan = Plan.ById.Values.FirstOrDefault(p => p.Node.Name == activityIdOrName);
            if (plan is null || !_outputs.TryGetValue(plan.Id, out outputs))
                return null;
        }

        return outputs.GetValueOrDefault(outputName);
    }

    internal void AddJournal(ActivityExecutionContext context, string eventName, string? message = null, object? payload = null, IReadOnlyList<string>? outcomes = null)
    {
        var sequence = ++State.ExecutionLogSequence;
        if (!Runner.Options.Journal)
            return;
        Journal.Add(new JournalRecord
        {
            WorkflowDefinitionId = State.DefinitionId,
            WorkflowDefinitionVersionId = State.DefinitionVersionId,
            WorkflowInstanceId = State.Id,
            WorkflowVersion = State.DefinitionVersion,
            ActivityInstanceId = context.Id,
            ParentActivityInstanceId = context.Parent?.Id,
            ActivityId = context.Node.Id,
            ActivityType = context.Node.Type,
            ActivityTypeVersion = context.Node.Version ?? 1,
            ActivityName = context.Node.Name,
            ActivityNodeId = context.Plan.NodeId,
            Timestamp = _now,
            Sequence = sequence,
            EventName = eventName,
            Message = message,
            Payload = payload,
            Outcomes = outcomes,
        });
    }

    /// <summary>16 lower-case hex characters, like Elsa's default identity generator.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[8];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private readonly record struct WorkItem(ActivityPlan? Plan, ActivityExecutionContext Owner, bool Backward, Bookmark? Bookmark, object? ResumeInput);
}

/// <summary>Thrown by activities that fail on purpose (Elsa.Fault); the message becomes the incident message as is.</summary>
public sealed class ActivityFaultException : Exception
{
    public ActivityFaultException(string message) : base(message) { }
    public ActivityFaultException(string message, Exception inner) : base(message, inner) { }
    public ActivityFaultException() { }
}
