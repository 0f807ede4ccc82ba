using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Tests.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Jobs;

/// <summary>The case sweep's hand-over of completed tasks, with one task whose workflow instance cannot be read.</summary>
public sealed class CaseSweepPoisonTests : IAsyncLifetime
{
    private CaseTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await CaseTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task ACompletionWhoseInstanceIsUnreadable_DoesNotKeepTheNextCompletionFromItsWorkflow()
    {
        var broken = await _kit.FileAsync();
        var good = await _kit.FileAsync(CaseTestKit.Complaint(name: "Ana Lima", phone: "+55 11 0000 0002"));
        var brokenTask = await _kit.OpenTaskAsync(broken.Id, "classify");
        var goodTask = await _kit.OpenTaskAsync(good.Id, "classify");
        await using (var db = _kit.Db.CreateDbContext())
        {
            // Two completions the workflows did not take (a crash), the broken one first in the sweep's order.
            foreach (var (task, at) in new[] { (brokenTask, _kit.Db.Clock.GetUtcNow().AddMinutes(-2)), (goodTask, _kit.Db.Clock.GetUtcNow().AddMinutes(-1)) })
            {
                await db.CaseTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Status, CaseTaskStatus.Completed)
                    .SetProperty(t => t.Outcome, "Classified")
                    .SetProperty(t => t.CompletedBy, "agent")
                    .SetProperty(t => t.CompletedAt, at)
                    .SetProperty(t => t.Data, new Dictionary<string, object?> { ["category"] = "price" }));
            }

            await db.WorkflowInstances.Where(i => i.Id == broken.WorkflowInstanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Snapshot, "{ not json"));
        }

        // Only the good one was handed over; the broken one stays owed for the next sweep.
        Assert.Equal(1, await _kit.Tasks.ResumeCompletedAsync());
        await _kit.Db.DrainAsync();

        Assert.Equal("price", (await _kit.ReloadAsync(good.Id)).Category);
        await using var after = _kit.Db.CreateDbContext();
        Assert.NotNull((await after.CaseTasks.SingleAsync(t => t.Id == goodTask.Id)).ResumedAt);
        Assert.Null((await after.CaseTasks.SingleAsync(t => t.Id == brokenTask.Id)).ResumedAt);
    }
}
