using System.Text.Json.Nodes;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Definitions;

/// <summary>Every way a definition gets in (draft, upload, folder) applies the id grammar; export never leaves its folder.</summary>
public sealed class DefinitionIdIntakeTests : IAsyncLifetime
{
    private static readonly string[] Hostile = ["../../x", "a/b", "a\"b", "a\r\nb", new string('a', 300)];

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task SavingADraft_WithAPathQuoteLineBreakOrOverlongDefinitionId_IsRefusedNamingDefinitionId()
    {
        foreach (var id in Hostile)
        {
            var definition = TestDefinitions.WaitForEvent();
            definition.DefinitionId = id;

            var ex = await Assert.ThrowsAsync<ValidationException>(() => _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition)));

            Assert.Equal(["definitionId"], ex.Errors.Keys);
        }

        await using var db = _db.CreateDbContext();
        Assert.Empty(await db.WorkflowDefinitions.ToListAsync());
    }

    [Fact]
    public async Task SavingADraft_WithAnEmptyDefinitionId_IsRefusedNamingDefinitionId()
    {
        var definition = TestDefinitions.WaitForEvent();
        definition.DefinitionId = "";

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition)));

        Assert.Equal(["definitionId"], ex.Errors.Keys);
    }

    [Fact]
    public async Task SavingADraft_WithAHostileVersionId_IsRefusedNamingId()
    {
        var definition = TestDefinitions.WaitForEvent(versionId: "../v1");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition)));

        Assert.Equal(["id"], ex.Errors.Keys);
    }

    [Fact]
    public async Task ImportingAFolder_ReportsEachHostileIdAsAnError_AndImportsTheRest()
    {
        var folder = Path.Combine(_db.Folder, "workflows");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < Hostile.Length; i++)
            await File.WriteAllTextAsync(Path.Combine(folder, $"hostile-{i}.json"), WithDefinitionId(Hostile[i]));
        await File.WriteAllTextAsync(Path.Combine(folder, "fine.json"), TestDefinitions.WaitForEventJson());

        var report = await _db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(folder));

        Assert.Equal("approval", Assert.Single(report.Created).DefinitionId);
        Assert.Equal(Hostile.Length, report.Errors.Count);
        Assert.All(report.Errors, e => Assert.StartsWith("definitionId: ", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportingUploadedDefinitions_ReportsEachHostileIdAsAnError()
    {
        var definitions = Hostile.Select((id, i) =>
        {
            var definition = TestDefinitions.WaitForEvent();
            definition.DefinitionId = id;
            return new ImportDefinitions.Labelled(i.ToString(System.Globalization.CultureInfo.InvariantCulture), definition);
        }).ToList();

        var report = await _db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportDefinitions(definitions));

        Assert.Empty(report.Created);
        Assert.Equal(Hostile.Length, report.Errors.Count);
    }

    [Fact]
    public async Task Export_OfADefinitionStoredWithAHostileIdBeforeTheGrammar_WritesOnlyInsideItsFolder()
    {
        var definition = TestDefinitions.WaitForEvent();
        definition.Name = null;
        await _db.Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition));
        await using (var db = _db.CreateDbContext())
        {
            // A row written before ids were checked.
            await db.WorkflowDefinitions.ExecuteUpdateAsync(s => s.SetProperty(d => d.DefinitionId, "../../escaped\r\nx"));
        }

        var root = Path.Combine(_db.Folder, "out", "nested");
        var files = await _db.Get<ExportDefinitionsHandler>().HandleAsync(new ExportDefinitions(root));

        var file = Assert.Single(files).File;
        Assert.True(DefinitionId.IsValid(Path.GetFileNameWithoutExtension(file)), file);
        Assert.Equal([Path.Combine(root, file)], Directory.GetFiles(Path.Combine(_db.Folder, "out"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_db.Folder, "*.json", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public void ExportFileNames_UseTheKebabNameThenTheIdThenANumber_AndStayInTheGrammar()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        Assert.Equal("approval-flow", ExportDefinitionsHandler.FileName("Approval Flow", "a1", taken));
        Assert.Equal("a2", ExportDefinitionsHandler.FileName("approval flow", "a2", taken));
        Assert.Equal("a2-2", ExportDefinitionsHandler.FileName("approval flow", "a2", taken));
        Assert.True(DefinitionId.IsValid(ExportDefinitionsHandler.FileName(new string('x', 400), "a3")));
        Assert.True(DefinitionId.IsValid(ExportDefinitionsHandler.FileName(null, "a\nb/../c")));
    }

    private static string WithDefinitionId(string id)
    {
        var json = JsonNode.Parse(TestDefinitions.WaitForEventJson())!.AsObject();
        json["definitionId"] = id;
        return json.ToJsonString();
    }
}
