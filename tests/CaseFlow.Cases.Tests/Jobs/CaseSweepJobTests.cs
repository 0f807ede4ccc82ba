using CaseFlow.Tests.Shared;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Jobs;

public sealed class CaseSweepJobTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Two hosts in one process (tests, a second server) each sweep their own database: one host's running sweep
    // must not make the other's skip, while a second sweep of the same host still stands aside.
    [Fact]
    public async Task TwoHostsInOneProcess_EachRunTheirSweep_WhileOneIsStillRunning()
    {
        var first = await OwedCompletionAsync();
        var second = await OwedCompletionAsync();
        await using var a = first.Kit;
        await using var b = second.Kit;
        var held = first.Commits.HoldNextCommitOf(first.InstanceId);

        var sweepA = Task.Run(() => a.Db.Get<CaseSweepJob>().RunAsync(CancellationToken.None));
        try
        {
            await held.Reached.WaitAsync(Patience);
            await a.Db.Get<CaseSweepJob>().RunAsync(CancellationToken.None).WaitAsync(Patience);
            await b.Db.Get<CaseSweepJob>().RunAsync(CancellationToken.None).WaitAsync(Patience);

            Assert.NotNull(await ResumedAtAsync(b, second.TaskId));
            Assert.Null(await ResumedAtAsync(a, first.TaskId));
        }
        finally
        {
            held.Release();
        }

        await sweepA.WaitAsync(Patience);
        Assert.NotNull(await ResumedAtAsync(a, first.TaskId));
    }

    // A host whose completed task its workflow has not taken yet (the hand-over failed, and is healed now).
    private static async Task<(CaseTestKit Kit, CommitFailures Commits, string InstanceId, string TaskId)> OwedCompletionAsync()
    {
        var commits = new CommitFailures();
        var kit = await CaseTestKit.CreateAsync(services: s =>
        {
            commits.AddTo(s);
            s.AddLogging();
        });
        var created = await kit.FileAsync();
        var task = await kit.OpenTaskAsync(created.Id, "classify");
        commits.FailCommitsOf(created.WorkflowInstanceId!);
        var completed = await kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent));
        Assert.Equal((CaseTaskStatus.Completed, (DateTimeOffset?)null), (completed.Status, completed.ResumedAt));
        commits.Heal(created.WorkflowInstanceId!);
        return (kit, commits, created.WorkflowInstanceId!, task.Id);
    }

    private static async Task<DateTimeOffset?> ResumedAtAsync(CaseTestKit kit, string taskId)
    {
        await using var db = kit.Db.CreateDbContext();
        return (await db.CaseTasks.AsNoTracking().SingleAsync(t => t.Id == taskId)).ResumedAt;
    }
}
