using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMapper;
using CaseFlow.Server.Api.Definitions;
using CaseFlow.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static CaseFlow.Server.Tests.Api.Definitions.ApiDefinitions;

namespace CaseFlow.Server.Tests.Api.Definitions;

[Collection(HostCollection.Name)]
public sealed class DefinitionEndpointsTests : IAsyncLifetime, IDisposable
{
    private const string Api = "/api/workflow-definitions";
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"));
        _owner = await _server.ClientAsync("owner");
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ADraft_IsSaved_Published_AndReadBackByVersion()
    {
        var saved = await _owner.PostAsync(Api, Body(Flow("greet", "Greet", WriteLine("hello", "Hello"))));

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal("/api/workflow-definitions/greet?version=1", saved.Headers.Location!.OriginalString);
        var draft = await saved.JsonAsync();
        Assert.True(draft.GetProperty("valid").GetBoolean());
        Assert.Equal("Draft", draft.GetProperty("draft").GetProperty("status").GetString());
        var latest = await _owner.GetAsync($"{Api}/greet");
        Assert.Equal("application/json", latest.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Hello", JsonNode.Parse(await latest.Content.ReadAsStringAsync())!["root"]!["activities"]![1]!["text"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/greet?version=published")).StatusCode);

        var published = await _owner.PostAsync($"{Api}/greet/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("Published", (await published.JsonAsync()).GetProperty("status").GetString());

        // Saving over a published version makes version 2, a draft; version 1 keeps running.
        var second = await _owner.PostAsync(Api, Body(Flow("greet", "Greet", WriteLine("hello", "Hello again"))));
        Assert.Equal(2, (await second.JsonAsync()).GetProperty("draft").GetProperty("version").GetInt32());
        var versions = (await _owner.GetFromJsonAsync<JsonElement>($"{Api}/greet/versions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([true, false], versions.Select(v => v.GetProperty("isPublished").GetBoolean()));
        Assert.Equal([false, true], versions.Select(v => v.GetProperty("isLatest").GetBoolean()));
        var running = JsonNode.Parse(await _owner.GetStringAsync($"{Api}/greet?version=published"))!;
        Assert.Equal(1, running["version"]!.GetValue<int>());
        Assert.Equal("Hello", running["root"]!["activities"]![1]!["text"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(2, JsonNode.Parse(await _owner.GetStringAsync($"{Api}/greet?version=2"))!["version"]!.GetValue<int>());

        var list = await _owner.GetFromJsonAsync<JsonElement>($"{Api}?search=GRE");
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(2, row.GetProperty("latestVersion").GetInt32());
        Assert.Equal(1, row.GetProperty("publishedVersion").GetInt32());
        Assert.True(row.GetProperty("isPublished").GetBoolean());
        Assert.Equal(0, (await _owner.GetFromJsonAsync<JsonElement>($"{Api}?search=nothing-like-it")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheListAndTheVersions_SayWhoChangedWhat_AndADraftCanBeThrownAway()
    {
        using var admin = await _server.ClientAsync("admin");
        await _owner.PostAsync(Api, Body(Flow("who", "Who", WriteLine("a", "a"))));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Api}/who/publish", null)).StatusCode);
        await _owner.PostAsync(Api, Body(Flow("who", "Who", WriteLine("a", "b"))));

        var versions = (await _owner.GetFromJsonAsync<JsonElement>($"{Api}/who/versions")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["owner", "owner"], versions.Select(v => v.GetProperty("createdBy").GetString()));
        Assert.Equal("admin", versions[0].GetProperty("publishedBy").GetString());
        Assert.Equal("admin", versions[0].GetProperty("updatedBy").GetString());
        var row = Assert.Single((await _owner.GetFromJsonAsync<JsonElement>($"{Api}?search=who")).GetProperty("items").EnumerateArray());
        Assert.Equal("owner", row.GetProperty("updatedBy").GetString());

        var deleted = await _owner.DeleteAsync($"{Api}/who/draft");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.JsonAsync();
        Assert.Equal((2, 1, "Published"), (body.GetProperty("deletedVersion").GetInt32(), body.GetProperty("latest").GetProperty("version").GetInt32(), body.GetProperty("latest").GetProperty("status").GetString()));
        row = Assert.Single((await _owner.GetFromJsonAsync<JsonElement>($"{Api}?search=who")).GetProperty("items").EnumerateArray());
        Assert.Equal((1, "admin"), (row.GetProperty("latestVersion").GetInt32(), row.GetProperty("updatedBy").GetString()));
        var again = await _owner.DeleteAsync($"{Api}/who/draft");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("only drafts can be deleted", (await again.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.DeleteAsync($"{Api}/nobody/draft")).StatusCode);
    }

    [Fact]
    public async Task PublishingTwice_IsAConflict_AndRetractingLeavesNothingToRetract()
    {
        await PublishAsync(_owner, Flow("once", "Once", WriteLine("a", "a")));

        Assert.Equal(HttpStatusCode.Conflict, (await _owner.PostAsync($"{Api}/once/publish", null)).StatusCode);
        var retracted = await _owner.PostAsync($"{Api}/once/retract", null);
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        Assert.Equal("Retracted", (await retracted.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _owner.PostAsync($"{Api}/once/retract", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"{Api}/unknown/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"{Api}/unknown/retract", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/unknown/versions")).StatusCode);
    }

    [Fact]
    public async Task ARoundTrip_KeepsPropertiesTheEngineDoesNotKnow()
    {
        var definition = Flow("keeper", "Keeper", WriteLine("hello", "Hello"));
        definition["x-designer"] = new JsonObject { ["zoom"] = 1.5, ["theme"] = "dark" };
        definition["root"]!["activities"]![1]!.AsObject()["x-note"] = "keep me";

        (await _owner.PostAsync(Api, Body(definition))).EnsureSuccessStatusCode();
        var back = JsonNode.Parse(await _owner.GetStringAsync($"{Api}/keeper?version=latest"))!;

        Assert.Equal(1.5, back["x-designer"]!["zoom"]!.GetValue<double>());
        Assert.Equal("dark", back["x-designer"]!["theme"]!.GetValue<string>());
        Assert.Equal("keep me", back["root"]!["activities"]![1]!["x-note"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnreadableDefinition_IsA400_NamingTheJsonPath()
    {
        var truncated = await _owner.PostAsync(Api, Body("""{ "definitionId": "broken", "root": """));
        var untyped = await _owner.PostAsync(Api, Body("""{ "definitionId": "broken", "root": { "type": "Elsa.Flowchart", "activities": [ { "id": "a" } ] } }"""));

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal("application/problem+json", truncated.Content.Headers.ContentType!.MediaType);
        Assert.Contains("invalid JSON", (await truncated.JsonAsync()).GetProperty("errors").GetProperty("$")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
        Assert.True((await untyped.JsonAsync()).GetProperty("errors").TryGetProperty("root.activities[0].type", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/broken")).StatusCode);
    }

    [Fact]
    public async Task ADraftWithAScriptError_IsSavedWithItsFindings_ButPublishingIsRefusedByPath()
    {
        var saved = await _owner.PostAsync(Api, Body(Flow("typo", "Typo", WriteLine("say", "1 +", "JavaScript"))));

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var draft = await saved.JsonAsync();
        Assert.False(draft.GetProperty("valid").GetBoolean());
        var issue = Assert.Single(draft.GetProperty("issues").EnumerateArray());
        Assert.Equal("root.activities[1].text", issue.GetProperty("path").GetString());
        Assert.Equal("Error", issue.GetProperty("severity").GetString());
        Assert.Equal("expression-syntax-error", issue.GetProperty("code").GetString());
        Assert.Equal("JavaScript", issue.GetProperty("args").GetProperty("type").GetString());

        var publish = await _owner.PostAsync($"{Api}/typo/publish", null);

        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.True((await publish.JsonAsync()).GetProperty("errors").TryGetProperty("root.activities[1].text", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/typo?version=published")).StatusCode);
    }

    [Fact]
    public async Task Validate_AnswersEveryFindingWithItsPath_AndIsA200EvenForErrors_ButABodyThatIsNoDefinitionIsA400()
    {
        var good = await _owner.PostAsync($"{Api}/validate", Body(Flow("fine", "Fine", WriteLine("a", "a"))));
        var bad = await _owner.PostAsync($"{Api}/validate", Body(Flow("bad", "Bad", WriteLine("a", "1 +", "JavaScript"))));
        var malformed = await _owner.PostAsync($"{Api}/validate", Body("{ nope"));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.True((await good.JsonAsync()).GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var answer = await bad.JsonAsync();
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Contains(answer.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "root.activities[1].text" && e.GetProperty("severity").GetString() == "Error");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.JsonAsync()).GetProperty("errors").TryGetProperty("$", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/fine")).StatusCode);
    }

    [Fact]
    public async Task Validate_AnswersAMissingRequiredInput_WithItsCodeAndArgs_SoTheWebAppCanTranslateIt()
    {
        var decide = new JsonObject { ["id"] = "decide", ["type"] = "Elsa.FlowDecision" };

        var response = await _owner.PostAsync($"{Api}/validate", Body(Flow("undecided", "Undecided", decide)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal("root.activities[1].condition", error.GetProperty("path").GetString());
        Assert.Equal("required input 'condition' is missing", error.GetProperty("message").GetString());
        Assert.Equal("required-input-missing", error.GetProperty("code").GetString());
        Assert.Equal("""{"name":"condition"}""", error.GetProperty("args").GetRawText());
    }

    // Issue 9: this read-only request ended the whole server with a stack overflow in DotLiquid's parser.
    [Fact]
    public async Task Validate_AnswersALiquidTemplateNested20000Deep_WithTheLocatedLimit_InsteadOfEndingTheServer()
    {
        using var manager = await _server.ClientAsync("manager");
        var template = new System.Text.StringBuilder().Insert(0, "{% if true %}", 20_000).Append('x').Insert(20_001 * 13 - 12, "{% endif %}", 20_000).ToString();

        var response = await manager.PostAsync($"{Api}/validate", Body(Flow("deep", "Deep", WriteLine("a", template, "Liquid"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.JsonAsync();
        Assert.False(answer.GetProperty("valid").GetBoolean());
        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal("root.activities[1].text", error.GetProperty("path").GetString());
        Assert.Contains("Liquid template nests deeper than 100 blocks", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Api)).StatusCode);
    }

    [Fact]
    public async Task Export_IsAnAttachmentInTheStableExportFormat()
    {
        await PublishAsync(_owner, Flow("shipping-flow", "Shipping Flow", WriteLine("a", "a")));

        var first = await _owner.GetAsync($"{Api}/shipping-flow/export");
        var second = await _owner.GetAsync($"{Api}/shipping-flow/export");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", first.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("shipping-flow.json", first.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        var text = await first.Content.ReadAsStringAsync();
        Assert.Equal(text, await second.Content.ReadAsStringAsync());
        Assert.Contains("\"$schema\"", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/nobody/export")).StatusCode);
    }

    [Fact]
    public async Task Import_CreatesNewDefinitions_VersionsChangedOnes_AndLeavesUnchangedOnesAlone()
    {
        var alpha = Flow("alpha", "Alpha", WriteLine("a", "a"));
        var beta = Flow("beta", "Beta", WriteLine("b", "b"));

        var first = await (await _owner.PostAsync($"{Api}/import", Body(new JsonArray(alpha.DeepClone(), beta.DeepClone())))).JsonAsync();
        beta["root"]!["activities"]![1]!["text"]!["expression"]!["value"] = "b, changed";
        var second = await _owner.PostAsync($"{Api}/import", Body(new JsonArray(alpha.DeepClone(), beta.DeepClone())));
        var single = await (await _owner.PostAsync($"{Api}/import", Body(alpha))).JsonAsync();

        Assert.Equal(["alpha", "beta"], first.GetProperty("created").EnumerateArray().Select(c => c.GetProperty("definitionId").GetString()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var report = await second.JsonAsync();
        var updated = Assert.Single(report.GetProperty("updated").EnumerateArray());
        Assert.Equal(("beta", 2, 1), (updated.GetProperty("definitionId").GetString(), updated.GetProperty("version").GetInt32(), updated.GetProperty("index").GetInt32()));
        Assert.Equal("alpha", Assert.Single(report.GetProperty("unchanged").EnumerateArray()).GetProperty("definitionId").GetString());
        Assert.Empty(report.GetProperty("created").EnumerateArray());
        Assert.Single(single.GetProperty("unchanged").EnumerateArray());
        var published = JsonNode.Parse(await _owner.GetStringAsync($"{Api}/beta?version=published"))!;
        Assert.Equal(2, published["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Import_RefusesTheWholeRequest_WhenAnEntryCannotBePublished()
    {
        var response = await _owner.PostAsync($"{Api}/import", Body(new JsonArray(
            Flow("ok", "Ok", WriteLine("a", "a")),
            Flow("typo", "Typo", WriteLine("a", "1 +", "JavaScript")),
            Flow("ok", "Ok again", WriteLine("a", "a")),
            JsonValue.Create(42))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("[1].root.activities[1].text", out _));
        Assert.True(errors.TryGetProperty("[2].definitionId", out _));
        Assert.True(errors.TryGetProperty("[3]", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Api}/ok")).StatusCode);
    }

    [Fact]
    public async Task BadVersionAndPagingValues_AreA400NamingTheParameter()
    {
        await PublishAsync(_owner, Flow("paged", "Paged", WriteLine("a", "a")));

        var version = await _owner.GetAsync($"{Api}/paged?version=newest");
        var page = await _owner.GetAsync($"{Api}?page=zero&pageSize=500");

        Assert.Equal(HttpStatusCode.BadRequest, version.StatusCode);
        Assert.True((await version.JsonAsync()).GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var errors = (await page.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task AnAgent_IsForbiddenTheDefinitions_AndAManagerMayReadButNotEdit()
    {
        using var agent = await _server.ClientAsync("agent");
        using var manager = await _server.ClientAsync("manager");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"{Api}/validate", Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync(Api, Body(Flow("m", "M", WriteLine("a", "a"))))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"{Api}/import", Body("[]"))).StatusCode);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("a\"b")]
    [InlineData("a\r\nb")]
    [InlineData("300 characters")]
    public async Task SavingOrImporting_ADefinitionIdOutsideTheGrammar_Answers400NamingDefinitionId(string id)
    {
        if (id == "300 characters")
            id = new string('a', 300);

        var saved = await _owner.PostAsync(Api, Body(Flow(id, "Hostile", WriteLine("a", "a"))));
        var imported = await _owner.PostAsync($"{Api}/import", Body(new JsonArray(Flow(id, "Hostile", WriteLine("a", "a")))));

        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.True((await saved.JsonAsync()).GetProperty("errors").TryGetProperty("definitionId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.True((await imported.JsonAsync()).GetProperty("errors").TryGetProperty("[0].definitionId", out _));
        var list = await _owner.GetFromJsonAsync<JsonElement>(Api);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("definitionId").GetString() == id);
    }

    [Fact]
    public void TheDefinitionProfile_MapsEveryDtoMember()
    {
        var configuration = new MapperConfiguration(c => c.AddProfile<DefinitionProfile>(), NullLoggerFactory.Instance);

        configuration.AssertConfigurationIsValid();
    }
}
