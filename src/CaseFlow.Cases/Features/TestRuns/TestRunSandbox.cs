using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// The engine host of one test run: it runs a definition's instances in memory, with the application's registry,
/// evaluators and limits, and records what the designer shows. Nothing leaves it:
/// <list type="bullet">
/// <item>case activities' outbox items (tasks, messages, SLA clocks, follow-ups, surveys, case updates, linked
/// cases) and <c>Elsa.RunTask</c> hand-outs become <see cref="TestRunEffect"/>s and are never delivered; a human
/// task's hand-out becomes a wait the caller completes;</item>
/// <item>events the workflow publishes resume this run's instances only (recorded as effects too: for real they
/// would also reach other workflows and start triggered ones);</item>
/// <item>child workflows (<c>Elsa.ExecuteWorkflow</c>) run inside the run, their definitions read (never written)
/// from the definition store; timers fire only when asked; nothing is scheduled;</item>
/// <item>activities see only the application's pure services (<see cref="SandboxServices"/>).</item>
/// </list>
/// Each call runs under an <see cref="ExecutionBudget"/>: a loop without a wait faults the run instead of hanging.
/// Not thread-safe: <see cref="TestRun"/> serializes the calls.
/// </summary>
internal sealed class TestRunSandbox : IChildWorkflowInvoker, IWorkflowConsole
{
    private readonly WorkflowRunner _runner;
    private readonly ExecutionBudget _budget;
    private readonly TestRunOptions _options;
    private readonly List<WorkflowExecutionContext> _instances = [];
    private readonly Dictionary<string, int> _depths = new(StringComparer.Ordinal);
    private readonly Queue<Func<Task>> _pending = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, object?>> _handedOutTasks = new(StringComparer.Ordinal);
    private readonly CappedList<TestRunStep> _steps;
    private readonly CappedList<TestRunEffect> _effects;
    private readonly CappedList<string> _console;
    private int _sequence;

    public TestRunSandbox(TestRunEngine engine, TestRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _budget = new ExecutionBudget(options.MaxActivityExecutions, options.TimeLimit);
        var runnerOptions = engine.RunnerOptions.Clone();
        runnerOptions.Journal = true;
        runnerOptions.Budget = _budget;
        runnerOptions.Services = engine.Services;
        _runner = new WorkflowRunner(engine.Registry, engine.Evaluators, engine.Definitions, engine.Clock, runnerOptions, this);
        _steps = new CappedList<TestRunStep>(options.MaxSteps);
        _effects = new CappedList<TestRunEffect>(options.MaxRecords);
        _console = new CappedList<string>(options.MaxRecords);
    }

    /// <summary>The instance the run started (children come after it).</summary>
    public WorkflowExecutionContext Root => _instances[0];

    public IReadOnlyList<TestRunStep> Steps => _steps.Items;
    public IReadOnlyList<TestRunEffect> Effects => _effects.Items;
    public IReadOnlyList<string> Console => _console.Items;
    public TestRunDropped Dropped => new(_steps.Dropped, _effects.Dropped, _console.Dropped);

    public Task StartAsync(WorkflowDefinition definition, IDictionary<string, object?> input, string correlationId) =>
        CallAsync(async () =>
        {
            var root = _runner.CreateInstance(definition, new StartWorkflowOptions { Input = input, CorrelationId = correlationId, Console = this });
            Track(root, 0);
            await _runner.RunAsync(root, _budget.Token);
            AfterBurst(root);
        });

    /// <summary>Completes a task wait: a human task with its outcome, form values and who did it; an <c>Elsa.RunTask</c> with the values as its result.</summary>
    public Task CompleteTaskAsync(TestRunWait task, string outcome, IReadOnlyDictionary<string, object?> data, string completedBy)
    {
        ArgumentNullException.ThrowIfNull(task);
        object input = task.Name == RunTask.BookmarkName
            ? new Dictionary<string, object?>(data, StringComparer.Ordinal)
            : new Dictionary<string, object?> { ["outcome"] = outcome, ["data"] = new Dictionary<string, object?>(data, StringComparer.Ordinal), ["completedBy"] = completedBy };
        return CallAsync(() => ResumeAsync(task.InstanceId, task.BookmarkId, input));
    }

    /// <summary>Fires a timer wait now, as if its time had come.</summary>
    public Task FireAsync(TestRunWait timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return CallAsync(() => ResumeAsync(timer.InstanceId, timer.BookmarkId, null));
    }

    /// <summary>Delivers an event to every instance of the run waiting for it; returns how many waits it resumed.</summary>
    public async Task<int> PublishAsync(string eventName, object? payload)
    {
        var resumed = 0;
        await CallAsync(async () => resumed = await DeliverAsync(eventName, null, payload));
        return resumed;
    }

    /// <summary>What the running instances wait for, root first, each instance's in the order it began waiting.</summary>
    public IReadOnlyList<TestRunWait> Waits() =>
        _instances.Where(i => i.State.Status == WorkflowStatus.Running)
            .SelectMany(i => i.State.Bookmarks.Select(b => Describe(i, b)))
            .ToList();

    public IReadOnlyList<TestRunIncident> Incidents() =>
        _instances.SelectMany(i => i.State.Incidents.Select(x => new TestRunIncident(i.Id, x.ActivityId, x.ActivityType, x.Message))).ToList();

    /// <summary>
    /// The root instance's variables: the workflow's own (kept after it finished), then those of the scopes still
    /// running (a flowchart's), outermost first; a name an inner scope repeats keeps the outer value.
    /// </summary>
    public Dictionary<string, object?> Variables()
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Root.Root is { } scope)
            AddVariables(scope, variables);
        return variables;
    }

    private static void AddVariables(ActivityExecutionContext context, Dictionary<string, object?> variables)
    {
        foreach (var name in context.VisibleVariableNames())
        {
            if (!variables.ContainsKey(name) && context.TryGetVariable(name, out var value))
                variables[name] = value;
        }

        foreach (var child in context.ChildContexts)
            AddVariables(child, variables);
    }

    // ---- the engine's host ---------------------------------------------------------------------------------

    private async Task CallAsync(Func<Task> call)
    {
        _budget.Begin();
        await call();

        // What the bursts handed to the host (published events, finished children) runs after them, as in the runtime.
        while (_pending.TryDequeue(out var next))
            await next();
    }

    private async Task ResumeAsync(string instanceId, string bookmarkId, object? input)
    {
        var workflow = _instances.First(i => i.Id == instanceId);
        await _runner.ResumeAsync(workflow, bookmarkId, input, _budget.Token);
        AfterBurst(workflow);
    }

    private async Task<int> DeliverAsync(string eventName, string? correlationId, object? payload)
    {
        var resumed = 0;
        foreach (var workflow in _instances.ToList())
        {
            if (correlationId is not null && workflow.State.CorrelationId != correlationId)
                continue;
            foreach (var bookmark in workflow.State.Bookmarks.Where(b => b.Name == Event.BookmarkName && Equals(b.Payload.GetValueOrDefault("eventName"), eventName)).ToList())
            {
                // An earlier resumption may have ended the instance or taken the bookmark (a join cancelling its branch).
                if (workflow.State.Status != WorkflowStatus.Running || !workflow.State.Bookmarks.Contains(bookmark))
                    continue;
                await _runner.ResumeAsync(workflow, bookmark.Id, payload, _budget.Token);
                AfterBurst(workflow);
                resumed++;
            }
        }

        return resumed;
    }

    async ValueTask<ChildWorkflowResult> IChildWorkflowInvoker.StartAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        var depth = _depths.GetValueOrDefault(request.ParentInstanceId) + 1;
        if (depth > _options.MaxChildDepth)
            throw new ActivityFaultException($"Child workflows nest deeper than {_options.MaxChildDepth} levels in this test run: does '{request.DefinitionId}' start itself?");

        // The parent's step that starts the child comes before the child's steps.
        if (_instances.FirstOrDefault(i => i.Id == request.ParentInstanceId) is { } parent)
            TakeJournal(parent);
        var child = await _runner.CreateChildAsync(request, this, cancellationToken);
        Track(child, depth);
        await _runner.RunAsync(child, cancellationToken);
        AfterBurst(child);
        return new ChildWorkflowResult(child.Id, child.State.Status, child.State.SubStatus, child.State.Output);
    }

    void IWorkflowConsole.WriteLine(string instanceId, string text) => _console.Add(Cut(text));

    private void Track(WorkflowExecutionContext workflow, int depth)
    {
        _instances.Add(workflow);
        _depths[workflow.Id] = depth;
        workflow.ActivityRan = ran => Take(workflow, ran.Node.Id);
    }

    private void AfterBurst(WorkflowExecutionContext workflow)
    {
        Take(workflow, null);
        if (workflow.State.Status != WorkflowStatus.Finished || workflow.State.ParentWorkflowInstanceId is not { } parentId)
            return;
        var result = new ChildWorkflowResult(workflow.Id, workflow.State.Status, workflow.State.SubStatus, workflow.State.Output);
        _pending.Enqueue(async () =>
        {
            var parent = _instances.FirstOrDefault(i => i.Id == parentId);
            var bookmark = parent?.State.Bookmarks.FirstOrDefault(b => b.Name == ExecuteWorkflow.BookmarkName && Equals(b.Payload.GetValueOrDefault("childInstanceId"), workflow.Id));
            if (parent is { State.Status: WorkflowStatus.Running } && bookmark is not null)
            {
                await _runner.ResumeAsync(parent, bookmark.Id, result, _budget.Token);
                AfterBurst(parent);
            }
        });
    }

    // Takes what the instance journaled and handed out so far; activityId names the activity that just ran, if any.
    private void Take(WorkflowExecutionContext workflow, string? activityId)
    {
        TakeJournal(workflow);
        foreach (var item in workflow.Outbox)
            Record(workflow, item, activityId);
        workflow.Outbox.Clear();
    }

    private void TakeJournal(WorkflowExecutionContext workflow)
    {
        var depth = _depths[workflow.Id];
        foreach (var record in workflow.Journal)
        {
            _steps.Add(new TestRunStep(++_sequence, workflow.Id, depth, record.ActivityId, record.ActivityType, record.ActivityName,
                record.EventName, record.Outcomes ?? [], record.Timestamp, record.Message));
        }

        workflow.Journal.Clear();
    }

    private void Record(WorkflowExecutionContext workflow, object item, string? activityId)
    {
        switch (item)
        {
            case OutboxItem o:
                if (o.Kind == CaseOutboxKinds.TaskCreated && o.Payload.GetValueOrDefault("taskId") is string taskId)
                    _handedOutTasks[taskId] = o.Payload;
                AddEffect(workflow, o.Kind, activityId ?? o.Payload.GetValueOrDefault("activityId") as string, o.Payload);
                break;
            case PublishedEvent e:
                AddEffect(workflow, OutboxKinds.PublishEvent, activityId, new Dictionary<string, object?> { ["eventName"] = e.EventName, ["correlationId"] = e.CorrelationId, ["payload"] = e.Payload });
                _pending.Enqueue(async () => await DeliverAsync(e.EventName, e.CorrelationId, e.Payload));
                break;
            case RunTaskRequest t:
                AddEffect(workflow, OutboxKinds.RunTask, activityId, new Dictionary<string, object?> { ["taskId"] = t.TaskId, ["taskName"] = t.TaskName, ["payload"] = t.Payload });
                break;
        }
    }

    private void AddEffect(WorkflowExecutionContext workflow, string kind, string? activityId, IReadOnlyDictionary<string, object?> payload)
    {
        var plain = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in payload)
            plain[key] = Cut(ValueConverter.ToPlain(value), 0);
        _effects.Add(new TestRunEffect(++_sequence, kind, activityId, workflow.Id, plain));
    }

    private TestRunWait Describe(WorkflowExecutionContext workflow, Bookmark bookmark)
    {
        var wait = new TestRunWait
        {
            Kind = TestRunWaitKinds.Other,
            BookmarkId = bookmark.Id,
            InstanceId = workflow.Id,
            ActivityId = bookmark.ActivityId,
            ActivityName = workflow.Plan.Find(bookmark.ActivityId)?.Node.Name,
            Name = bookmark.Name,
        };
        var payload = bookmark.Payload;
        switch (bookmark.Name)
        {
            case HumanTask.BookmarkName when payload.GetValueOrDefault("taskId") is string taskId && _handedOutTasks.TryGetValue(taskId, out var task):
                return wait with
                {
                    Kind = TestRunWaitKinds.Task,
                    TaskId = taskId,
                    Title = task.GetValueOrDefault("title") as string,
                    Instructions = task.GetValueOrDefault("instructions") as string,
                    CandidateRole = task.GetValueOrDefault("candidateRole") as string,
                    Assignee = task.GetValueOrDefault("assignee") as string,
                    Outcomes = ValueConverter.Convert<string[]>(task.GetValueOrDefault("outcomes")) ?? [Workflows.Activities.Outcomes.Done],
                    Form = TaskCreatedHandler.ReadForm(task.GetValueOrDefault("form")),
                    Priority = task.GetValueOrDefault("priority") as string,
                    DueIn = task.GetValueOrDefault("dueIn") as string,
                };
            case RunTask.BookmarkName when payload.GetValueOrDefault("taskId") is string taskId:
                return wait with
                {
                    Kind = TestRunWaitKinds.Task,
                    TaskId = taskId,
                    Title = payload.GetValueOrDefault("taskName") as string,
                    Outcomes = [Workflows.Activities.Outcomes.Done],
                    Form = [],
                };
            case Event.BookmarkName:
                return wait with { Kind = TestRunWaitKinds.Event, EventName = payload.GetValueOrDefault("eventName") as string };
        }

        return bookmark.DueAt is { } due ? wait with { Kind = TestRunWaitKinds.Timer, DueAt = due } : wait;
    }

    private string Cut(string text) => text.Length <= _options.MaxTextLength ? text : string.Concat(text.AsSpan(0, Math.Max(0, _options.MaxTextLength)), "…");

    // Plain values (ValueConverter.ToPlain) with long texts cut, and nothing deeper than a stored value may be.
    private object? Cut(object? value, int depth) => value switch
    {
        _ when depth > WorkflowValidator.MaxValueDepth => "…",
        string text => Cut(text),
        IDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Cut(p.Value, depth + 1), StringComparer.Ordinal),
        IList<object?> list => list.Select(v => Cut(v, depth + 1)).ToList(),
        _ => value,
    };

    /// <summary>Keeps the first <c>capacity</c> items and counts the rest.</summary>
    private sealed class CappedList<T>(int capacity)
    {
        private readonly List<T> _items = [];

        public IReadOnlyList<T> Items => _items.ToList();
        public int Dropped { get; private set; }

        public void Add(T item)
        {
            if (_items.Count < capacity)
                _items.Add(item);
            else
                Dropped++;
        }
    }
}
