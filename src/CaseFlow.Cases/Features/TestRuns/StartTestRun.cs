using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Validation;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Starts a test run: <see cref="Definition"/> when the caller sends one (the designer's unsaved editor state), else
/// the latest stored version of <see cref="DefinitionId"/>, draft or published. Without an input or correlation id of
/// its own, the run looks like a new case's: correlation id <c>test-run-{id}</c> and the input a case's workflow starts
/// with (caseId, caseNumber, type, channel, priority, description, customerName, customerSegment), which
/// <see cref="Input"/> overrides name by name.
/// </summary>
public sealed record StartTestRun(string DefinitionId, WorkflowDefinition? Definition, IReadOnlyDictionary<string, object?>? Input, string? CorrelationId, Actor Actor);

public sealed class StartTestRunHandler(EfWorkflowDefinitionStore store, WorkflowValidator validator, TestRunEngine engine, TestRunStore runs, IOptions<TestRunOptions> options)
{
    /// <exception cref="NotFoundException">No definition was sent and none is stored under the id.</exception>
    /// <exception cref="ValidationException">The definition has validation errors (keyed by JSON path, as validating it says) or an input cannot be stored (<c>input.&lt;name&gt;</c>).</exception>
    public async Task<TestRunView> HandleAsync(StartTestRun request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = request.Definition
            ?? await store.FindAsync(request.DefinitionId, VersionSelector.Latest, cancellationToken)
            ?? throw new NotFoundException($"No definition '{request.DefinitionId}'.");
        if (definition.DefinitionId.Length == 0)
            definition.DefinitionId = request.DefinitionId;

        var id = WorkflowExecutionContext.NewId();
        var correlationId = string.IsNullOrWhiteSpace(request.CorrelationId) ? "test-run-" + id : request.CorrelationId.Trim();
        var input = SampleInput(id, correlationId);
        var errors = new ValidationErrors();
        foreach (var issue in validator.Validate(definition).Where(i => i.Severity == ValidationSeverity.Error))
            errors.Add(issue.Path, issue.Message);
        foreach (var (name, value) in request.Input ?? new Dictionary<string, object?>())
        {
            if (engine.RunnerOptions.StoredValueProblem("Input", name, value) is { } problem)
                errors.Add($"input.{name}", problem);
            input[name] = value;
        }

        errors.ThrowIfAny();
        var settings = options.Value;
        var run = new TestRun(id, request.Actor.UserName, definition.DefinitionId, request.Definition is null ? definition.Version : null, correlationId,
            new TestRunSandbox(engine, settings), engine.Clock, settings.IdleTimeout);
        var view = await run.CallAsync(async sandbox =>
        {
            await sandbox.StartAsync(definition, input, correlationId);
            return new TestRunAction("start", definition.DefinitionId);
        }, cancellationToken);
        runs.Add(run);
        return view;
    }

    // What CreateCaseHandler starts a case's workflow with, for a made-up complaint.
    private static Dictionary<string, object?> SampleInput(string id, string correlationId) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["caseId"] = correlationId,
        ["caseNumber"] = "CF-TEST-" + id[..6].ToUpperInvariant(),
        ["type"] = "Complaint",
        ["channel"] = "Phone",
        ["priority"] = "Normal",
        ["description"] = "A sample complaint for a test run: the kettle stopped working after two days",
        ["customerName"] = "Test Customer",
        ["customerSegment"] = "Regular",
    };
}
