using System.Text.Json.Nodes;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Cases.Tests.Support;

namespace CaseFlow.Cases.Tests.Features.Definitions;

public sealed class ImportExportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _folder = Path.Combine(_db.Folder, "workflows");
        Directory.CreateDirectory(_folder);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<ImportReport> ImportAsync(string? folder = null) =>
        _db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(folder ?? _folder));

    private Task<IReadOnlyList<ExportedFile>> ExportAsync(string folder) =>
        _db.Get<ExportDefinitionsHandler>().HandleAsync(new ExportDefinitions(folder));

    private void WriteFile(string name, string json) => File.WriteAllText(Path.Combine(_folder, name), json);

    [Fact]
    public async Task Import_CreatesAndPublishesNewDefinitions_ReportsInvalidFiles_AndGoesOn()
    {
        WriteFile("approval.json", TestDefinitions.WaitForEventJson());
        WriteFile("broken.json", "{ \"id\": ");
        WriteFile("no-root.json", """{ "definitionId": "x" }""");
        WriteFile("notes.txt", "not a workflow");

        var report = await ImportAsync();

        var created = Assert.Single(report.Created);
        Assert.Equal(("approval.json", "approval", "approval-v1", 1), (created.File, created.DefinitionId, created.VersionId, created.Version));
        Assert.Equal(["broken.json", "no-root.json"], report.Errors.Select(e => e.File));
        Assert.Contains("root", report.Errors[1].Message, StringComparison.Ordinal);
        var version = Assert.Single(await _db.Definitions.ListVersionsAsync("approval"));
        Assert.Equal(DefinitionStatus.Published, version.Status);
        Assert.Equal("1 created, 0 updated, 0 unchanged, 2 errors", report.ToString());
    }

    [Fact]
    public async Task Import_DoesNothing_WhenOnlyIdsVersionsFlagsDatesOrKeyOrderDiffer()
    {
        WriteFile("approval.json", TestDefinitions.WaitForEventJson());
        await ImportAsync();
        var reordered = JsonNode.Parse(TestDefinitions.WaitForEventJson(versionId: "some-other-id"))!.AsObject();
        reordered["version"] = 7;
        reordered["isLatest"] = false;
        reordered["createdAt"] = "2020-01-01T00:00:00+00:00";
        reordered["toolVersion"] = "3.5.0";
        var name = reordered["name"]!.DeepClone();
        reordered.Remove("name");
        reordered["name"] = name;
        WriteFile("approval.json", reordered.ToJsonString());

        var report = await ImportAsync();

        Assert.Equal("approval", Assert.Single(report.Unchanged).DefinitionId);
        Assert.Empty(report.Created.Concat(report.Updated));
        Assert.Single(await _db.Definitions.ListVersionsAsync("approval"));
    }

    [Fact]
    public void AConnectionWithoutVertices_HasTheContentOfOneWithAnEmptyList_SoNoStoredHashChanges()
    {
        var with = JsonNode.Parse(TestDefinitions.WaitForEventJson())!;
        foreach (var connection in with["root"]!["connections"]!.AsArray())
            connection!["vertices"] = new JsonArray();
        var without = with.DeepClone();
        foreach (var connection in without["root"]!["connections"]!.AsArray())
            connection!.AsObject().Remove("vertices");

        var hashWith = DefinitionContent.Hash(Workflows.Serialization.WorkflowDefinitionReader.Read(with.ToJsonString()));
        var hashWithout = DefinitionContent.Hash(Workflows.Serialization.WorkflowDefinitionReader.Read(without.ToJsonString()));

        Assert.Equal(hashWith, hashWithout);
        Assert.DoesNotContain("vertices", DefinitionContent.ToStoredJson(Workflows.Serialization.WorkflowDefinitionReader.Read(without.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_PublishesANewVersion_WhenTheContentChanged()
    {
        WriteFile("approval.json", TestDefinitions.WaitForEventJson(after: "v1"));
        await ImportAsync();
        WriteFile("approval.json", TestDefinitions.WaitForEventJson(after: "v2"));

        var report = await ImportAsync();

        var updated = Assert.Single(report.Updated);
        Assert.Equal(2, updated.Version);
        Assert.NotEqual("approval-v1", updated.VersionId);
        var versions = await _db.Definitions.ListVersionsAsync("approval");
        Assert.Equal([DefinitionStatus.Retracted, DefinitionStatus.Published], versions.Select(v => v.Status));
        Assert.Single((await ImportAsync()).Unchanged);
    }

    [Fact]
    public async Task Import_ReportsASecondFileWithTheSameDefinitionId()
    {
        WriteFile("a.json", TestDefinitions.WaitForEventJson(after: "a"));
        WriteFile("b.json", TestDefinitions.WaitForEventJson(after: "b"));

        var report = await ImportAsync();

        Assert.Equal("a.json", Assert.Single(report.Created).File);
        Assert.Contains("a.json", Assert.Single(report.Errors).Message, StringComparison.Ordinal);
        Assert.Single(await _db.Definitions.ListVersionsAsync("approval"));
    }

    [Fact]
    public async Task Import_ReportsAMissingFolder()
    {
        var report = await ImportAsync(Path.Combine(_folder, "missing"));

        Assert.Equal("folder not found", Assert.Single(report.Errors).Message);
    }

    [Fact]
    public async Task Export_WritesKebabNamedFiles_Stably_WithSortedKeys_AndReimportsAsUnchanged()
    {
        WriteFile("approval.json", TestDefinitions.WaitForEventJson());
        await ImportAsync();
        await _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(TestDefinitions.Triggered()));
        var outFolder = Path.Combine(_db.Folder, "export");

        var first = await ExportAsync(outFolder);
        var bytes = Directory.GetFiles(outFolder).Order().Select(File.ReadAllBytes).ToList();
        var second = await ExportAsync(outFolder);

        Assert.Equal(["approval.json", "triggered.json"], first.Select(f => f.File));
        Assert.All(first, f => Assert.True(f.Changed));
        Assert.All(second, f => Assert.False(f.Changed));
        Assert.Equal(bytes, Directory.GetFiles(outFolder).Order().Select(File.ReadAllBytes).ToList());

        var text = File.ReadAllText(Path.Combine(outFolder, "triggered.json"));
        Assert.StartsWith("{\n  \"$schema\": ", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        var root = JsonNode.Parse(text)!["root"]!;
        Assert.Equal(["opened", "nightly", "waiting", "log"], root["activities"]!.AsArray().Select(a => (string)a!["id"]!));
        var opened = root["activities"]![0]!.AsObject();
        Assert.Equal(["id", "type", "customProperties", "eventName"], opened.Select(p => p.Key));
        Assert.Equal(JsonValueKind(true), opened["customProperties"]!["canStartWorkflow"]!.GetValueKind());

        // The exported folder is the import source of truth: importing it changes nothing.
        var report = await ImportAsync(outFolder);
        Assert.Equal(["approval.json"], report.Unchanged.Select(f => f.File));
        Assert.Equal(["triggered.json"], report.Updated.Select(f => f.File));
    }

    [Fact]
    public void ExportJson_SortsKeysInsideCustomPropertiesMetadataAndOptions_AndInputs()
    {
        var definition = Workflows.Serialization.WorkflowDefinitionReader.Read("""
            {"id":"v","definitionId":"d","customProperties":{"z":1,"a":{"y":1,"b":2}},"options":{"usableAsActivity":false,"autoUpdateConsumingWorkflows":false},
             "root":{"id":"f","type":"Elsa.Flowchart","metadata":{"z":0,"a":0},"activities":[
               {"id":"w","type":"Elsa.WriteLine","text":"hi","metadata":{"designer":{"position":{"y":2,"x":1}}},"customProperties":{"b":1,"a":2}}],"connections":[]}}
            """);

        var json = JsonNode.Parse(DefinitionContent.ToExportJson(definition))!;

        Assert.Equal(["a", "z"], json["customProperties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["b", "y"], json["customProperties"]!["a"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["autoUpdateConsumingWorkflows", "usableAsActivity"], json["options"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["a", "z"], json["root"]!["metadata"]!.AsObject().Select(p => p.Key));
        var activity = json["root"]!["activities"]![0]!;
        Assert.Equal(["a", "b"], activity["customProperties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["x", "y"], activity["metadata"]!["designer"]!["position"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("Complaint Handling", "complaint-handling")]
    [InlineData("ComplaintHandling", "complaint-handling")]
    [InlineData("HTTPServer v2", "http-server-v2")]
    [InlineData("  drill -- plan ", "drill-plan")]
    [InlineData("投诉处理", "")]
    [InlineData(null, "")]
    public void KebabCase_TurnsNamesIntoFileNames(string? name, string expected) =>
        Assert.Equal(expected, DefinitionContent.ToKebabCase(name));

    private static System.Text.Json.JsonValueKind JsonValueKind(bool value) =>
        value ? System.Text.Json.JsonValueKind.True : System.Text.Json.JsonValueKind.False;
}
