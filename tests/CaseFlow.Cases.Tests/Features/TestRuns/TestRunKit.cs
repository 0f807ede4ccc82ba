using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Tests.Shared;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

/// <summary>A migrated database with the shipped workflows imported, and the test-run use cases over it.</summary>
internal sealed class TestRunKit : IAsyncDisposable
{
    public static readonly Actor Owner = Actor.Of("owner", CaseRoles.ProcessOwner);
    public static readonly Actor OtherOwner = Actor.Of("owner2", CaseRoles.ProcessOwner);
    public static readonly Actor Admin = Actor.Of("admin", CaseRoles.Admin);

    private TestRunKit(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public TestRunStore Runs => Db.Get<TestRunStore>();

    /// <param name="options">Test-run limits for this database's services.</param>
    /// <param name="services">Last word on the services (e.g. a registry with test activities).</param>
    public static async Task<TestRunKit> CreateAsync(Action<TestRunOptions>? options = null, Action<IServiceCollection>? services = null)
    {
        var db = await TestDatabase.CreateAsync(s =>
        {
            if (options is not null)
                s.Configure(options);
            services?.Invoke(s);
        });
        var imported = await db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(RepositoryPaths.Workflows));
        Assert.Empty(imported.Errors);
        return new TestRunKit(db);
    }

    public Task<TestRunView> StartAsync(string definitionId = "complaint-handling", WorkflowDefinition? definition = null, Dictionary<string, object?>? input = null, Actor? by = null) =>
        Db.Get<StartTestRunHandler>().HandleAsync(new StartTestRun(definitionId, definition, input, null, by ?? Owner));

    public Task<TestRunView> CompleteAsync(TestRunView run, string taskId, string? outcome, Dictionary<string, object?>? data = null, Actor? by = null) =>
        Db.Get<CompleteTestRunTaskHandler>().HandleAsync(new CompleteTestRunTask(run.Id, taskId, outcome, data, by ?? Owner));

    public Task<TestRunView> PublishAsync(TestRunView run, string? eventName, object? payload = null) =>
        Db.Get<PublishTestRunEventHandler>().HandleAsync(new PublishTestRunEvent(run.Id, eventName, payload, Owner));

    public Task<TestRunView> FireAsync(TestRunView run, string bookmarkId) =>
        Db.Get<FireTestRunTimerHandler>().HandleAsync(new FireTestRunTimer(run.Id, bookmarkId, Owner));

    public Task<TestRunView> GetAsync(string runId, Actor? by = null) =>
        Db.Get<GetTestRunHandler>().HandleAsync(new GetTestRun(runId, by ?? Owner));

    /// <summary>Start → <c>call</c>: ExecuteWorkflow of <paramref name="childDefinitionId"/>, waiting for it to finish → <c>done</c>: WriteLine "{definitionId} done".</summary>
    public static WorkflowDefinition Calling(string definitionId, string childDefinitionId) => WorkflowDefinitionReader.Read($$"""
        {
          "definitionId": "{{definitionId}}", "name": "{{definitionId}}",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "call", "type": "Elsa.ExecuteWorkflow",
                "workflowDefinitionId": { "typeName": "String", "expression": { "type": "Literal", "value": "{{childDefinitionId}}" } },
                "waitForCompletion": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{definitionId}} done" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "call", "port": "In" } },
              { "source": { "activity": "call", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """);

    /// <summary>The task the run waits for at an activity.</summary>
    public static TestRunWait Task(TestRunView run, string activityId) =>
        Assert.Single(run.Waits, w => w.Kind == TestRunWaitKinds.Task && w.ActivityId == activityId);

    /// <summary>
    /// Satisfies what the run waits for until it finishes: each task with its first outcome and its form filled in,
    /// else the earliest timer. Returns the finished run.
    /// </summary>
    public async Task<TestRunView> RunToTheEndAsync(TestRunView run)
    {
        for (var call = 0; call < 100 && run.Status == WorkflowStatus.Running; call++)
        {
            if (run.Waits.FirstOrDefault(w => w.Kind == TestRunWaitKinds.Task) is { } task)
                run = await CompleteAsync(run, task.TaskId!, task.Outcomes![0], Filled(task.Form!));
            else
                run = await FireAsync(run, run.Waits.Where(w => w.Kind == TestRunWaitKinds.Timer).MinBy(w => w.DueAt)!.BookmarkId);
        }

        return run;
    }

    private static Dictionary<string, object?> Filled(IReadOnlyList<FormField> form) => form.ToDictionary(f => f.Name, f => (object?)(f.Type switch
    {
        "select" => f.Options![0],
        "number" => 1,
        "boolean" => true,
        "date" => "2026-03-01",
        _ => "noted",
    }));

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
