using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// An in-process host that keeps instances in memory: it starts workflows, resumes bookmarks, delivers
/// published events, completes tasks, resumes parents when their children finish, and fires timers on demand.
/// It serves the CLI and engine tests; the durable runtime keeps the same behaviour over a database.
/// </summary>
/// <remarks>
/// Work that a burst hands out (events, child completions) is queued and carried out after the outermost call
/// returns from the engine, so an instance is never re-entered while one of its bursts is running.
/// </remarks>
public sealed class WorkflowRuntime : IChildWorkflowInvoker
{
    private readonly Dictionary<string, WorkflowExecutionContext> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Queue<Func<ValueTask>> _pending = new();
    private readonly List<RunTaskRequest> _tasks = [];
    private int _depth;

    public WorkflowRuntime(ActivityRegistry registry, IEnumerable<IExpressionEvaluator> evaluators, InMemoryWorkflowDefinitionProvider? definitions = null, TimeProvider? clock = null, WorkflowRunnerOptions? options = null)
    {
        Definitions = definitions ?? new InMemoryWorkflowDefinitionProvider();
        Runner = new WorkflowRunner(registry, evaluators, Definitions, clock, options, this);
    }

    public WorkflowRunner Runner { get; }
    public InMemoryWorkflowDefinitionProvider Definitions { get; }

    /// <summary>Instances in the order they were started.</summary>
    public IReadOnlyList<WorkflowExecutionContext> Instances => _order.Select(id => _instances[id]).ToList();

    /// <summary>Tasks handed out by <c>Elsa.RunTask</c> and not completed yet.</summary>
    public IReadOnlyList<RunTaskRequest> OpenTasks => _tasks.ToList();

    public WorkflowExecutionContext? Find(string instanceId) => _instances.GetValueOrDefault(instanceId);

    public ValueTask<WorkflowExecutionContext> StartAsync(WorkflowDefinition definition, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default) =>
        Outermost(async () =>
        {
            var workflow = Runner.CreateInstance(definition, options);
            Track(workflow);
            await Runner.RunAsync(workflow, cancellationToken);
            AfterBurst(workflow);
            return workflow;
        });

    public async ValueTask ResumeAsync(string instanceId, string bookmarkId, object? input = null, CancellationToken cancellationToken = default) =>
        await Outermost(async () =>
        {
            var workflow = _instances.GetValueOrDefault(instanceId) ?? throw new KeyNotFoundException($"No instance {instanceId}");
            await Runner.ResumeAsync(workflow, bookmarkId, input, cancellationToken);
            AfterBurst(workflow);
            return true;
        });

    /// <summary>Delivers an event to every instance waiting for it (narrowed by correlation id when given). Returns how many were resumed.</summary>
    public ValueTask<int> PublishEventAsync(string eventName, string? correlationId = null, object? payload = null, CancellationToken cancellationToken = default) =>
        Outermost(async () =>
        {
            var resumed = 0;
            foreach (var workflow in Instances.Where(w => w.State.Status == WorkflowStatus.Running))
            {
                if (correlationId is not null && workflow.State.CorrelationId != correlationId)
                    continue;
                foreach (var bookmark in workflow.State.Bookmarks.Where(b => b.Name == Event.BookmarkName && Equals(b.Payload.GetValueOrDefault("eventName"), eventName)).ToList())
                {
                    if (workflow.State.Status != WorkflowStatus.Running)
                        break;

                    // An earlier resume in this loop may have removed it (a WaitAny join cancelling its branch).
                    if (!workflow.State.Bookmarks.Contains(bookmark))
                        continue;
                    await Runner.ResumeAsync(workflow, bookmark.Id, payload, cancellationToken);
                    AfterBurst(workflow);
                    resumed++;
                }
            }

            return resumed;
        });

    /// <summary>Completes a task handed out by <c>Elsa.RunTask</c>; its workflow resumes with the result.</summary>
    public ValueTask<bool> CompleteTaskAsync(string taskId, object? result = null, CancellationToken cancellationToken = default) =>
        Outermost(async () =>
        {
            foreach (var workflow in Instances.Where(w => w.State.Status == WorkflowStatus.Running))
            {
                var bookmark = workflow.State.Bookmarks.FirstOrDefault(b => b.Name == RunTask.BookmarkName && Equals(b.Payload.GetValueOrDefault("taskId"), taskId));
                if (bookmark is null)
                    continue;
                _tasks.RemoveAll(t => t.TaskId == taskId);
                await Runner.ResumeAsync(workflow, bookmark.Id, result, cancellationToken);
                AfterBurst(workflow);
                return true;
            }

            return false;
        });

    /// <summary>
    /// Fires timer bookmarks (Delay, Timer, StartAt; Cron with <paramref name="includeCron"/>) at once, earliest due
    /// first, as if their time had passed, until none is left or <paramref name="maxFirings"/> is reached.
    /// </summary>
    public ValueTask<int> FireAllTimersAsync(bool includeCron = false, int maxFirings = 10_000, CancellationToken cancellationToken = default) =>
        Outermost(async () =>
        {
            var fired = 0;
            while (fired < maxFirings)
            {
                var next = Instances
                    .Where(w => w.State.Status == WorkflowStatus.Running)
                    .SelectMany(w => w.State.Bookmarks.Where(b => TimerBookmarks.IsTimer(b) && (includeCron || b.Name != "Elsa.Cron")).Select(b => (Workflow: w, Bookmark: b)))
                    .OrderBy(x => x.Bookmark.DueAt ?? DateTimeOffset.MaxValue)
                    .ThenBy(x => x.Bookmark.CreatedAt)
                    .FirstOrDefault();
                if (next.Bookmark is null)
                    break;
                await Runner.ResumeAsync(next.Workflow, next.Bookmark.Id, null, cancellationToken);
                AfterBurst(next.Workflow);
                await DrainAsync();
                fired++;
            }

            return fired;
        });

    async ValueTask<ChildWorkflowResult> IChildWorkflowInvoker.StartAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        var child = await Runner.CreateChildAsync(request, request.Console, cancellationToken);
        Track(child);
        await Runner.RunAsync(child, cancellationToken);
        AfterBurst(child);
        return new ChildWorkflowResult(child.Id, child.State.Status, child.State.SubStatus, child.State.Output);
    }

    private void Track(WorkflowExecutionContext workflow)
    {
        _instances[workflow.Id] = workflow;
        _order.Add(workflow.Id);
    }

    // Queues what the burst handed out; it runs once the outermost engine call has returned.
    private void AfterBurst(WorkflowExecutionContext workflow)
    {
        foreach (var item in workflow.Outbox)
        {
            switch (item)
            {
                case PublishedEvent published:
                    _pending.Enqueue(async () => await PublishEventAsync(published.EventName, published.CorrelationId, published.Payload));
                    break;
                case RunTaskRequest task:
                    _tasks.Add(task);
                    break;
            }
        }

        workflow.Outbox.Clear();
        if (workflow.State.Status == WorkflowStatus.Finished && workflow.State.ParentWorkflowInstanceId is { } parentId)
        {
            var result = new ChildWorkflowResult(workflow.Id, workflow.State.Status, workflow.State.SubStatus, workflow.State.Output);
            _pending.Enqueue(async () =>
            {
                if (_instances.GetValueOrDefault(parentId) is not { } parent)
                    return;
                var bookmark = parent.State.Bookmarks.FirstOrDefault(b => b.Name == ExecuteWorkflow.BookmarkName && Equals(b.Payload.GetValueOrDefault("childInstanceId"), workflow.Id));
                if (bookmark is null)
                    return;
                await Runner.ResumeAsync(parent, bookmark.Id, result);
                AfterBurst(parent);
            });
        }
    }

    private async ValueTask<T> Outermost<T>(Func<ValueTask<T>> action)
    {
        _depth++;
        try
        {
            var result = await action();
            if (_depth == 1)
                await DrainAsync();
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private async ValueTask DrainAsync()
    {
        while (_pending.TryDequeue(out var next))
            await next();
    }
}
