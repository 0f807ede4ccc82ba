using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Durability;

public class VersionTests
{
    [Fact]
    public async Task PublishingV2_LeavesRunningV1InstancesOnV1_AndTheyFinishThere()
    {
        using var dir = new TempDirectory();
        var workflows = dir.Sub("workflows");
        var file = Path.Combine(workflows, "versioned.json");
        await using var app = await DataServices.OpenAsync(dir.Path);

        File.Copy(DurableWorkflows.File("versions/versioned-v1.json"), file);
        Assert.Single((await app.ImportAsync(workflows)).Created);
        var onV1 = await app.StartAsync("versioned");

        // The shipped file changes: the import publishes version 2.
        File.Copy(DurableWorkflows.File("versions/versioned-v2.json"), file, overwrite: true);
        var updated = Assert.Single((await app.ImportAsync(workflows)).Updated);
        Assert.Equal(2, updated.Version);
        var onV2 = await app.StartAsync("versioned");

        await app.Get<Cases.Jobs.WorkflowEventDispatcher>().PublishAsync("Continue", null, null);

        var probe = new DatabaseProbe(dir.Path);
        var instances = probe.Instances();
        var lines = probe.Lines();
        Assert.Equal(("Finished", 1), (instances[onV1.Id].Status, instances[onV1.Id].Version));
        Assert.Equal(["v1 before", "v1 after"], lines[onV1.Id]);
        Assert.Equal(("Finished", 2), (instances[onV2.Id].Status, instances[onV2.Id].Version));
        Assert.Equal(["v2 before", "v2 after"], lines[onV2.Id]);
    }
}
