using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Definitions;

public sealed class DefinitionVersioningTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<DefinitionVersionInfo> SaveDraftAsync(Workflows.Definitions.WorkflowDefinition definition) =>
        _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition));

    private Task<DefinitionVersionInfo?> PublishAsync(string definitionId) =>
        _db.Get<PublishDefinitionHandler>().HandleAsync(new PublishDefinition(definitionId));

    private Task<DefinitionVersionInfo?> RetractAsync(string definitionId) =>
        _db.Get<RetractDefinitionHandler>().HandleAsync(new RetractDefinition(definitionId));

    [Fact]
    public async Task SaveDraft_CreatesVersion1_ThenUpdatesTheDraftInPlace()
    {
        var first = await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "one"));
        var second = await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "two"));

        Assert.Equal(("approval-v1", 1, DefinitionStatus.Draft, true, false), (first.VersionId, first.Version, first.Status, first.IsLatest, first.IsPublished));
        Assert.Equal(first.VersionId, second.VersionId);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        Assert.Single(await _db.Definitions.ListVersionsAsync("approval"));
        var latest = await _db.Definitions.FindAsync("approval", VersionSelector.Latest);
        Assert.Contains("two", latest!.Root.Activities![3].Properties.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await _db.Definitions.FindAsync("approval", VersionSelector.PublishedVersion));
    }

    [Fact]
    public async Task Publish_MakesTheDraftPublished_AndIndexesItsTriggers()
    {
        await SaveDraftAsync(TestDefinitions.Triggered());

        var published = await PublishAsync("triggered");

        Assert.Equal((DefinitionStatus.Published, true, true), (published!.Status, published.IsPublished, published.IsLatest));
        Assert.Equal(_db.Clock.GetUtcNow(), published.PublishedAt);
        var triggers = await _db.Definitions.FindTriggersAsync();
        Assert.Equal(["Elsa.Cron", "Elsa.Event"], triggers.Select(t => t.Name).Order());
        var opened = Assert.Single(await _db.Definitions.FindTriggersAsync("Elsa.Event", EventHash("CaseOpened")));
        Assert.Equal(("triggered-v1:opened", "triggered", "triggered-v1", "opened", "CaseOpened"), (opened.Id, opened.DefinitionId, opened.DefinitionVersionId, opened.ActivityId, opened.Payload["eventName"]));
        Assert.Equal("0 0 2 * * ?", Assert.Single(await _db.Definitions.FindTriggersAsync("Elsa.Cron")).Payload["cronExpression"]);
        Assert.Null(await PublishAsync("unknown"));
    }

    [Fact]
    public async Task SavingAfterPublish_CreatesVersion2_AndPublishingItRetractsVersion1_WhoseRowStaysIntact()
    {
        await SaveDraftAsync(TestDefinitions.Triggered(eventName: "CaseOpened"));
        var v1 = (await PublishAsync("triggered"))!;
        string v1Json;
        await using (var db = _db.CreateDbContext())
            v1Json = (await db.WorkflowDefinitions.SingleAsync()).Json;

        var v2Draft = await SaveDraftAsync(TestDefinitions.Triggered(eventName: "CaseReopened"));

        Assert.Equal((2, DefinitionStatus.Draft, true), (v2Draft.Version, v2Draft.Status, v2Draft.IsLatest));
        Assert.NotEqual(v1.VersionId, v2Draft.VersionId);
        Assert.Equal(v1.VersionId, (await _db.Definitions.FindPublishedOrLatestAsync("triggered"))!.Id);
        Assert.Single(await _db.Definitions.FindTriggersAsync("Elsa.Event", EventHash("CaseOpened")));

        await PublishAsync("triggered");

        var versions = await _db.Definitions.ListVersionsAsync("triggered");
        Assert.Equal([(1, DefinitionStatus.Retracted, false, false), (2, DefinitionStatus.Published, true, true)], versions.Select(v => (v.Version, v.Status, v.IsPublished, v.IsLatest)));
        Assert.Empty(await _db.Definitions.FindTriggersAsync("Elsa.Event", EventHash("CaseOpened")));
        Assert.Equal(v2Draft.VersionId, Assert.Single(await _db.Definitions.FindTriggersAsync("Elsa.Event", EventHash("CaseReopened"))).DefinitionVersionId);
        await using (var db = _db.CreateDbContext())
            Assert.Equal(v1Json, (await db.WorkflowDefinitions.SingleAsync(d => d.Version == 1)).Json);
        Assert.Equal(1, (await _db.Definitions.FindByVersionIdAsync(v1.VersionId))!.Version);
        Assert.Equal(2, (await _db.Definitions.FindAsync("triggered", VersionSelector.PublishedVersion))!.Version);
        Assert.Equal(1, (await _db.Definitions.FindAsync("triggered", VersionSelector.Specific(1)))!.Version);
    }

    [Fact]
    public async Task Retract_RemovesTheTriggers_AndLeavesTheVersionReadable()
    {
        await SaveDraftAsync(TestDefinitions.Triggered());
        var published = (await PublishAsync("triggered"))!;

        var retracted = await RetractAsync("triggered");

        Assert.Equal((DefinitionStatus.Retracted, false), (retracted!.Status, retracted.IsPublished));
        Assert.Empty(await _db.Definitions.FindTriggersAsync());
        Assert.NotNull(await _db.Definitions.FindByVersionIdAsync(published.VersionId));
        Assert.Null(await _db.Definitions.FindAsync("triggered", VersionSelector.PublishedVersion));
        Assert.Null(await RetractAsync("triggered"));

        // Saving again after a retraction starts a new version.
        Assert.Equal(2, (await SaveDraftAsync(TestDefinitions.Triggered())).Version);
    }

    [Fact]
    public async Task EngineLookups_FindPublishedOrLatest_AndByName()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent());

        Assert.Equal("approval-v1", (await _db.Definitions.FindPublishedOrLatestAsync("approval"))!.Id);
        Assert.Equal("approval", (await _db.Definitions.FindByNameAsync("Approval"))!.DefinitionId);
        Assert.Null(await _db.Definitions.FindByNameAsync("Nope"));
        Assert.Null(await _db.Definitions.FindPublishedOrLatestAsync("nope"));
        Assert.Null(await _db.Definitions.FindByVersionIdAsync("nope"));

        await PublishAsync("approval");
        var first = await _db.Definitions.FindByVersionIdAsync("approval-v1");
        var again = await _db.Definitions.FindByVersionIdAsync("approval-v1");
        Assert.Same(first, again);
    }

    [Fact]
    public void Triggers_KeepExpressionsTheyCannotEvaluate_AndSkipActivitiesThatCannotStart()
    {
        var definition = Workflows.Serialization.WorkflowDefinitionReader.Read("""
            {"id":"v","definitionId":"d","root":{"id":"f","type":"Elsa.Flowchart","activities":[
              {"id":"js","type":"Elsa.Event","customProperties":{"canStartWorkflow":true},"eventName":{"typeName":"String","expression":{"type":"JavaScript","value":"'A' + 'B'"}}},
              {"id":"timer","type":"Elsa.Timer","customProperties":{"canStartWorkflow":true},"interval":"00:05:00"},
              {"id":"at","type":"Elsa.StartAt","customProperties":{"canStartWorkflow":true},"dateTime":{"typeName":"DateTimeOffset","expression":{"type":"Literal","value":"2026-05-01T08:00:00+00:00"}}},
              {"id":"line","type":"Elsa.WriteLine","customProperties":{"canStartWorkflow":true}}],"connections":[]}}
            """);

        var triggers = DefinitionTriggers.Extract(definition).ToDictionary(t => t.ActivityId);

        Assert.Equal(["at", "js", "timer"], triggers.Keys.Order());
        Assert.Contains("\"expression\":", triggers["js"].Payload, StringComparison.Ordinal);
        Assert.Contains("\"interval\":\"00:05:00\"", triggers["timer"].Payload, StringComparison.Ordinal);
        Assert.Contains("\"dateTime\":\"2026-05-01T08:00:00+00:00\"", triggers["at"].Payload, StringComparison.Ordinal);
    }

    private static string EventHash(string eventName) =>
        Bookmark.ComputeHash("Elsa.Event", new Dictionary<string, object?> { ["eventName"] = eventName }, null);

    [Fact]
    public async Task Publish_RefusesAVersionWithValidationErrors_AndLeavesThePublishedOneInPlace()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent());
        await PublishAsync("approval");
        var broken = Workflows.Serialization.WorkflowDefinitionReader.Read(TestDefinitions.WaitForEventJson().Replace(
            "\"type\": \"Literal\", \"value\": \"after\"", "\"type\": \"JavaScript\", \"value\": \"1 +\"", StringComparison.Ordinal));
        await SaveDraftAsync(broken);

        var refused = await Assert.ThrowsAsync<CaseFlow.Cases.Features.Common.ValidationException>(() => PublishAsync("approval"));

        Assert.Contains(refused.Errors.Keys, k => k.StartsWith("root.activities[3]", StringComparison.Ordinal));
        await using var db = _db.CreateDbContext();
        var versions = await db.WorkflowDefinitions.Where(d => d.DefinitionId == "approval").OrderBy(d => d.Version).ToListAsync();
        Assert.Equal([(1, true), (2, false)], versions.Select(v => (v.Version, v.IsPublished)));
    }

    [Fact]
    public async Task EveryVersion_RecordsWhoCreatedChangedPublishedAndRetractedIt_AndWhen()
    {
        var created = await _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(TestDefinitions.WaitForEvent(after: "one"), "owner"));
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var edited = await _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(TestDefinitions.WaitForEvent(after: "two"), "owner2"));
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var published = await _db.Get<PublishDefinitionHandler>().HandleAsync(new PublishDefinition("approval", "admin"));
        var publishedAt = _db.Clock.GetUtcNow();
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var retracted = await _db.Get<RetractDefinitionHandler>().HandleAsync(new RetractDefinition("approval", "owner"));

        Assert.Equal(("owner", "owner", created.CreatedAt), (created.CreatedBy, created.UpdatedBy, created.UpdatedAt));
        Assert.Equal(("owner", "owner2", created.CreatedAt.AddMinutes(5)), (edited.CreatedBy, edited.UpdatedBy, edited.UpdatedAt));
        Assert.Equal(("admin", publishedAt, "admin", publishedAt), (published!.PublishedBy, published.PublishedAt, published.UpdatedBy, published.UpdatedAt));
        Assert.Equal(("owner", _db.Clock.GetUtcNow(), "owner", "admin"), (retracted!.RetractedBy, retracted.RetractedAt, retracted.UpdatedBy, retracted.PublishedBy));
        var stored = Assert.Single(await _db.Definitions.ListVersionsAsync("approval"));
        Assert.Equal((retracted.UpdatedAt, "owner", "owner"), (stored.UpdatedAt, stored.UpdatedBy, stored.CreatedBy));
    }

    [Fact]
    public async Task PublishingANewVersion_RecordsWhoRetractedThePreviousOne()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "one"));
        await PublishAsync("approval");
        await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "two"));
        _db.Clock.Advance(TimeSpan.FromHours(1));

        await _db.Get<PublishDefinitionHandler>().HandleAsync(new PublishDefinition("approval", "owner"));

        var first = (await _db.Definitions.ListVersionsAsync("approval"))[0];
        Assert.Equal((DefinitionStatus.Retracted, "owner", _db.Clock.GetUtcNow()), (first.Status, first.RetractedBy, first.RetractedAt));
    }

    [Fact]
    public async Task DeletingTheDraft_MakesThePublishedVersionTheLatestAgain()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "one"));
        await PublishAsync("approval");
        await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "two"));

        var deleted = await _db.Get<DeleteDraftHandler>().HandleAsync(new DeleteDraft("approval"));

        Assert.Equal((2, 1, DefinitionStatus.Published, true), (deleted.DeletedVersion, deleted.Latest!.Version, deleted.Latest.Status, deleted.Latest.IsLatest));
        var versions = await _db.Definitions.ListVersionsAsync("approval");
        Assert.Equal([(1, true, true)], versions.Select(v => (v.Version, v.IsLatest, v.IsPublished)));
        var latest = await _db.Definitions.FindAsync("approval", VersionSelector.Latest);
        Assert.Contains("one", latest!.Root.Activities![3].Properties.ToJsonString(), StringComparison.Ordinal);

        // A new draft after the deletion takes the freed number again.
        var again = await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "three"));
        Assert.Equal(2, again.Version);
    }

    [Fact]
    public async Task DeletingTheOnlyDraft_RemovesTheDefinition()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent());

        var deleted = await _db.Get<DeleteDraftHandler>().HandleAsync(new DeleteDraft("approval"));

        Assert.Null(deleted.Latest);
        Assert.Empty(await _db.Definitions.ListVersionsAsync("approval"));
        await Assert.ThrowsAsync<CaseFlow.Cases.Features.Common.NotFoundException>(() => _db.Get<DeleteDraftHandler>().HandleAsync(new DeleteDraft("approval")));
    }

    [Fact]
    public async Task DeletingADraft_IsRefused_WhenTheLatestVersionIsPublished_OrAnInstanceRunsOnIt()
    {
        await SaveDraftAsync(TestDefinitions.WaitForEvent());
        await PublishAsync("approval");

        var published = await Assert.ThrowsAsync<CaseFlow.Cases.Features.Common.ConflictException>(() => _db.Get<DeleteDraftHandler>().HandleAsync(new DeleteDraft("approval")));
        Assert.Contains("published", published.Message, StringComparison.Ordinal);

        var draft = await SaveDraftAsync(TestDefinitions.WaitForEvent(after: "two"));
        await using (var db = _db.CreateDbContext())
        {
            db.WorkflowInstances.Add(new WorkflowInstanceRow { Id = "child-1", DefinitionId = "approval", DefinitionVersionId = draft.VersionId, Version = 2, Snapshot = "{}" });
            await db.SaveChangesAsync();
        }

        var running = await Assert.ThrowsAsync<CaseFlow.Cases.Features.Common.ConflictException>(() => _db.Get<DeleteDraftHandler>().HandleAsync(new DeleteDraft("approval")));
        Assert.Contains("instances", running.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await _db.Definitions.ListVersionsAsync("approval")).Count);
    }
}
