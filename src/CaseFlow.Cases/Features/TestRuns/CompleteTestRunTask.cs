using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Completes a task the test run waits for, checked as a real completion is (<see cref="TaskCompletionRules"/>: one
/// of its outcomes, the form's required fields, typed values), and lets the run go on. No task row exists and no one
/// is asked: the caller plays whoever would have done it.
/// </summary>
public sealed record CompleteTestRunTask(string RunId, string TaskId, string? Outcome, IReadOnlyDictionary<string, object?>? Data, Actor Actor);

public sealed class CompleteTestRunTaskHandler(TestRunStore runs, WorkflowRunnerOptions runnerOptions)
{
    /// <exception cref="NotFoundException">No such run for the actor, or it does not wait for that task (any more).</exception>
    /// <exception cref="ValidationException">Naming <c>outcome</c> or <c>data.&lt;field&gt;</c>.</exception>
    public Task<TestRunView> HandleAsync(CompleteTestRunTask request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runs.Find(request.RunId, request.Actor).CallAsync(async sandbox =>
        {
            var task = sandbox.Waits().FirstOrDefault(w => w.Kind == TestRunWaitKinds.Task && w.TaskId == request.TaskId)
                ?? throw new NotFoundException($"Test run {request.RunId} does not wait for a task '{request.TaskId}'.");
            var (outcome, data) = TaskCompletionRules.Check(task.Outcomes ?? [], task.Form ?? [], request.Outcome, request.Data, runnerOptions);
            await sandbox.CompleteTaskAsync(task, outcome, data, request.Actor.UserName);
            return new TestRunAction("complete", request.TaskId);
        }, cancellationToken);
    }
}
