using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Validation;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Api.Definitions;

/// <summary>
/// Workflow definitions: list, save drafts, read any version, publish and retract, export and import, validate.
/// </summary>
/// <remarks>
/// A draft with validation errors is saved (the answer lists the findings): the designer's work in progress must
/// not be lost, as in Elsa. Publishing refuses a version with errors (400 keyed by JSON path), and so does an
/// import, because an import publishes. Warnings never block.
/// </remarks>
public static class DefinitionEndpoints
{
    private const string Route = "/api/workflow-definitions";

    // What the definition reader accepts, so an import array (or a test run's body) reads like a single definition.
    internal static readonly JsonDocumentOptions DefinitionDocument = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    public static IEndpointRouteBuilder MapDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Route).WithTags("Definitions");

        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadDefinitions)
            .WithSummary("List definitions (latest version of each), filtered by search on name or definition id, paged")
            .Produces<Paged<DefinitionListItem>>().ProducesValidationProblem();
        group.MapPost("", SaveDraftAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Save an Elsa 3 definition as a draft (a new version when the latest is published); the answer lists validation findings")
            .Accepts<JsonObject>("application/json")
            .Produces<SavedDraft>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/validate", ValidateAsync).RequireAuthorization(Policies.ReadDefinitions)
            .WithSummary("Validate a definition without saving it: every error and warning with its JSON path")
            .Accepts<JsonObject>("application/json")
            .Produces<DefinitionValidation>().ProducesValidationProblem();
        group.MapPost("/import", ImportAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Import one definition or an array of them: new ids are created and published, changed content becomes a new published version, unchanged content does nothing")
            .Accepts<JsonNode>("application/json")
            .Produces<ImportResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{definitionId}", GetAsync).RequireAuthorization(Policies.ReadDefinitions)
            .WithSummary("A version of a definition as Elsa 3 JSON: version=N, latest (default) or published")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{definitionId}/versions", VersionsAsync).RequireAuthorization(Policies.ReadDefinitions)
            .WithSummary("Every version of a definition, oldest first")
            .Produces<DefinitionVersions>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{definitionId}/publish", PublishAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Publish the latest version (refused while it has validation errors); the previously published version is retracted")
            .Produces<DefinitionVersionSummary>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{definitionId}/retract", RetractAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Retract the published version: it starts nothing any more; running instances finish on it")
            .Produces<DefinitionVersionSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{definitionId}/draft", DeleteDraftAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Throw away the draft: the version before it becomes the latest again; a definition that was only ever a draft is gone")
            .Produces<DeletedDraftResult>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{definitionId}/export", ExportAsync).RequireAuthorization(Policies.ReadDefinitions)
            .WithSummary("Download the published (else latest) version in the stable export format")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(
        string? search, string? page, string? pageSize, IDbContextFactory<CaseFlowDbContext> dbFactory, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Read(QueryValues.Int(page, "page", errors), QueryValues.Int(pageSize, "pageSize", errors), errors);
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsLatest);
        if (search?.Trim() is { Length: > 0 } text)
        {
            // LIKE ignores ASCII case in SQLite; the search text's own % and _ are matched literally.
            var pattern = LikePattern.Containing(text);
            latest = latest.Where(d => EF.Functions.Like(d.DefinitionId, pattern, LikePattern.EscapeCharacter) || (d.Name != null && EF.Functions.Like(d.Name, pattern, LikePattern.EscapeCharacter)));
        }

        var total = await latest.CountAsync(cancellationToken);
        var items = await latest.OrderBy(d => d.DefinitionId)
            .Skip(QueryValues.Skip(pageNumber, size)).Take(size)
            .ProjectTo<DefinitionListItem>(mapper.ConfigurationProvider)
            .ToListAsync(cancellationToken);

        // A draft or retracted latest version: the published version, if any, is another row.
        var unpublished = items.Where(i => !i.IsPublished).Select(i => i.DefinitionId).ToList();
        if (unpublished.Count > 0)
        {
            var published = await db.WorkflowDefinitions.AsNoTracking()
                .Where(d => d.IsPublished && unpublished.Contains(d.DefinitionId))
                .Select(d => new { d.DefinitionId, d.Version, d.UpdatedAt, d.UpdatedBy })
                .ToDictionaryAsync(d => d.DefinitionId, StringComparer.Ordinal, cancellationToken);
            items = items.ConvertAll(i => published.TryGetValue(i.DefinitionId, out var p)
                ? (p.UpdatedAt > i.UpdatedAt
                    ? i with { PublishedVersion = p.Version, IsPublished = true, UpdatedAt = p.UpdatedAt, UpdatedBy = p.UpdatedBy }
                    : i with { PublishedVersion = p.Version, IsPublished = true })
                : i);
        }

        return Results.Ok(new Paged<DefinitionListItem>(items, total, pageNumber, size));
    }

    private static async Task<IResult> SaveDraftAsync(
        HttpRequest request, SaveDraftHandler saveDraft, WorkflowValidator validator, IMapper mapper, CancellationToken cancellationToken)
    {
        var user = request.HttpContext.User.ToActor().UserName;
        var errors = new ValidationErrors();
        var definition = Read(await ReadBodyAsync(request, cancellationToken), "", errors);
        errors.ThrowIfAny();

        // A new definition may come without ids (the designer's first save): it gets one, as in Elsa.
        if (definition!.DefinitionId.Length == 0)
            definition.DefinitionId = WorkflowExecutionContext.NewId();
        CheckIds(definition, "", errors);
        errors.ThrowIfAny();
        var issues = validator.Validate(definition);
        DefinitionVersionInfo saved;
        try
        {
            saved = await saveDraft.HandleAsync(new SaveDraft(definition, user), cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"Definition '{definition.DefinitionId}' was saved by someone else at the same time; reload it and save again.");
        }

        var body = new SavedDraft(mapper.Map<DefinitionVersionSummary>(saved), IsValid(issues), mapper.Map<List<DefinitionIssue>>(issues));
        return Results.Created(VersionUri(saved.DefinitionId, saved.Version.ToString(CultureInfo.InvariantCulture)), body);
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, WorkflowValidator validator, IMapper mapper, CancellationToken cancellationToken)
    {
        var json = await ReadBodyAsync(request, cancellationToken);

        // A body that is not a definition at all is a bad request (400 naming the JSON path); a definition with
        // findings is a valid question, answered 200 with the findings.
        WorkflowDefinitionReader.Read(json);
        var issues = validator.ValidateJson(json);
        return Results.Ok(new DefinitionValidation(IsValid(issues), mapper.Map<List<DefinitionIssue>>(issues)));
    }

    private static async Task<IResult> GetAsync(string definitionId, string? version, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var selector = ReadVersion(version);
        var definition = await store.FindAsync(definitionId, selector, cancellationToken)
            ?? throw new NotFoundException(selector switch
            {
                { Version: { } n } => $"Definition '{definitionId}' has no version {n.ToString(CultureInfo.InvariantCulture)}.",
                { Published: true } => $"Definition '{definitionId}' has no published version.",
                _ => $"No definition '{definitionId}'.",
            });
        return Results.Text(WorkflowDefinitionWriter.Write(definition), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> VersionsAsync(string definitionId, EfWorkflowDefinitionStore store, IMapper mapper, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        if (versions.Count == 0)
            throw new NotFoundException($"No definition '{definitionId}'.");
        return Results.Ok(new DefinitionVersions(definitionId, mapper.Map<List<DefinitionVersionSummary>>(versions)));
    }

    private static async Task<IResult> PublishAsync(
        string definitionId, HttpContext http, EfWorkflowDefinitionStore store, PublishDefinitionHandler publish, IMapper mapper, CancellationToken cancellationToken)
    {
        var latest = await store.FindAsync(definitionId, VersionSelector.Latest, cancellationToken)
            ?? throw new NotFoundException($"No definition '{definitionId}'.");
        if (latest.IsPublished)
            throw new ConflictException($"Version {latest.Version.ToString(CultureInfo.InvariantCulture)} of '{definitionId}' is already published: nothing to publish.");

        // The use case validates the version inside its publishing transaction (400 with the errors by path).
        var published = await publish.HandleAsync(new PublishDefinition(definitionId, http.User.ToActor().UserName), cancellationToken)
            ?? throw new NotFoundException($"No definition '{definitionId}'.");
        return Results.Ok(mapper.Map<DefinitionVersionSummary>(published));
    }

    private static async Task<IResult> RetractAsync(
        string definitionId, HttpContext http, RetractDefinitionHandler retract, EfWorkflowDefinitionStore store, IMapper mapper, CancellationToken cancellationToken)
    {
        var retracted = await retract.HandleAsync(new RetractDefinition(definitionId, http.User.ToActor().UserName), cancellationToken);
        if (retracted is not null)
            return Results.Ok(mapper.Map<DefinitionVersionSummary>(retracted));
        if ((await store.ListVersionsAsync(definitionId, cancellationToken)).Count == 0)
            throw new NotFoundException($"No definition '{definitionId}'.");
        throw new ConflictException($"Definition '{definitionId}' has no published version: nothing to retract.");
    }

    private static async Task<IResult> DeleteDraftAsync(string definitionId, DeleteDraftHandler deleteDraft, IMapper mapper, CancellationToken cancellationToken)
    {
        var deleted = await deleteDraft.HandleAsync(new DeleteDraft(definitionId), cancellationToken);
        return Results.Ok(new DeletedDraftResult(definitionId, deleted.DeletedVersion, deleted.Latest is { } latest ? mapper.Map<DefinitionVersionSummary>(latest) : null));
    }

    private static async Task<IResult> ExportAsync(string definitionId, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        // The version the folder export writes: what runs, else the work in progress.
        var definition = await store.FindAsync(definitionId, VersionSelector.PublishedVersion, cancellationToken)
            ?? await store.FindAsync(definitionId, VersionSelector.Latest, cancellationToken)
            ?? throw new NotFoundException($"No definition '{definitionId}'.");
        var file = ExportDefinitionsHandler.FileName(definition.Name, definition.DefinitionId) + ".json";
        return Results.File(Encoding.UTF8.GetBytes(DefinitionContent.ToExportJson(definition)), "application/json", file);
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, ImportWorkflowFilesHandler import, WorkflowValidator validator, IMapper mapper, CancellationToken cancellationToken)
    {
        var text = await ReadBodyAsync(request, cancellationToken);
        var errors = new ValidationErrors();
        var definitions = new List<ImportDefinitions.Labelled>();
        try
        {
            using var document = JsonDocument.Parse(text, DefinitionDocument);
            switch (document.RootElement.ValueKind)
            {
                case JsonValueKind.Object:
                    Collect(0, "", text);
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var element in document.RootElement.EnumerateArray())
                    {
                        if (element.ValueKind == JsonValueKind.Object)
                            Collect(index, $"[{index.ToString(CultureInfo.InvariantCulture)}]", element.GetRawText());
                        else
                            errors.Add($"[{index.ToString(CultureInfo.InvariantCulture)}]", "must be a workflow definition object");
                        index++;
                    }

                    break;
                default:
                    errors.Add("$", "send a workflow definition object or an array of them");
                    break;
            }
        }
        catch (JsonException ex)
        {
            errors.Add("$", InvalidJson(ex));
        }

        errors.ThrowIfAny();
        ImportReport report;
        try
        {
            report = await import.HandleAsync(new ImportDefinitions(definitions, request.HttpContext.User.ToActor().UserName), cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("A definition of this import was saved by someone else at the same time; import again.");
        }

        return Results.Ok(mapper.Map<ImportResult>(report));

        void Collect(int index, string prefix, string json)
        {
            if (Read(json, prefix, errors) is not { } definition)
                return;
            if (definition.DefinitionId.Length == 0)
            {
                errors.Add(Join(prefix, "definitionId"), "an imported definition needs a definitionId (or an id)");
                return;
            }

            if (!CheckIds(definition, prefix, errors))
                return;

            if (definitions.FirstOrDefault(d => d.Definition.DefinitionId == definition.DefinitionId) is { } earlier)
            {
                errors.Add(Join(prefix, "definitionId"), $"definitionId '{definition.DefinitionId}' is already imported by [{earlier.Label}]");
                return;
            }

            // An import publishes, so it refuses what publishing refuses.
            foreach (var issue in validator.Validate(definition).Where(i => i.Severity == ValidationSeverity.Error))
                errors.Add(Join(prefix, issue.Path), issue.Message);
            definitions.Add(new ImportDefinitions.Labelled(index.ToString(CultureInfo.InvariantCulture), definition));
        }
    }

    /// <summary>Adds an error naming <c>definitionId</c> or <c>id</c> (under <paramref name="prefix"/>) for each id outside <see cref="DefinitionId"/>'s grammar.</summary>
    private static bool CheckIds(WorkflowDefinition definition, string prefix, ValidationErrors errors)
    {
        var valid = true;
        if (DefinitionId.Problem(definition.DefinitionId) is { } problem)
        {
            errors.Add(Join(prefix, "definitionId"), problem);
            valid = false;
        }

        if (definition.Id.Length > 0 && DefinitionId.Problem(definition.Id) is { } versionProblem)
        {
            errors.Add(Join(prefix, "id"), versionProblem);
            valid = false;
        }

        return valid;
    }

    /// <summary>Reads a definition with the engine's reader (unknown properties survive); what it cannot read is added to <paramref name="errors"/> under its JSON path.</summary>
    internal static WorkflowDefinition? Read(string json, string prefix, ValidationErrors errors)
    {
        try
        {
            return WorkflowDefinitionReader.Read(json);
        }
        catch (WorkflowFormatException ex)
        {
            // The reader's messages are "path: message" (root.activities[0].type: every activity needs a type).
            var separator = ex.Message.IndexOf(": ", StringComparison.Ordinal);
            var located = separator > 0 && !ex.Message[..separator].Contains(' ', StringComparison.Ordinal);
            errors.Add(Join(prefix, located ? ex.Message[..separator] : "$"), located ? ex.Message[(separator + 2)..] : ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            errors.Add(Join(prefix, "$"), $"cannot read the definition: {ex.Message}");
        }

        return null;
    }

    /// <summary><c>$</c>-rooted reader paths under an import array's element: (<c>[2]</c>, <c>root.type</c>) → <c>[2].root.type</c>.</summary>
    private static string Join(string prefix, string path)
    {
        var relative = path.StartsWith('$') ? path[1..].TrimStart('.') : path;
        if (prefix.Length == 0)
            return relative.Length == 0 ? "$" : relative;
        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : prefix + "." + relative;
    }

    internal static string InvalidJson(JsonException ex) =>
        string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}");

    /// <summary>The body as text: the definition reader, not model binding, reads it, so unknown properties survive.</summary>
    internal static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static VersionSelector ReadVersion(string? version)
    {
        var text = version?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("latest", StringComparison.OrdinalIgnoreCase))
            return VersionSelector.Latest;
        if (text.Equals("published", StringComparison.OrdinalIgnoreCase))
            return VersionSelector.PublishedVersion;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            return VersionSelector.Specific(number);
        throw ValidationException.For("version", $"version is a version number (1, 2…), latest or published; got '{(text.Length > 40 ? text[..40] + "…" : text)}'.");
    }

    private static bool IsValid(IEnumerable<ValidationIssue> issues) => issues.All(i => i.Severity != ValidationSeverity.Error);

    internal static string VersionUri(string definitionId, string version) =>
        $"{Route}/{Uri.EscapeDataString(definitionId)}?version={version}";
}
