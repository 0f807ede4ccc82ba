using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;
using CaseFlow.Workflows.Expressions.Liquid;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Workflows.Tests.Validation;

/// <summary>Validators, golden definition files and small JSON builders for the validation tests.</summary>
internal static class ValidationFixtures
{
    public static WorkflowValidator CreateValidator(Func<string, bool>? isKnownWorkflowActivity = null, ActivityRegistry? registry = null) =>
        new(registry ?? ActivityRegistry.CreateDefault(), [new JavaScriptEvaluator(), new LiquidEvaluator()], isKnownWorkflowActivity);

    /// <summary>Reads <c>Validation/Definitions/{name}</c> from the test sources (found by walking up from the test binaries).</summary>
    public static string ReadDefinition(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "CaseFlow.Workflows.Tests", "Validation", "Definitions", name);
            if (File.Exists(candidate))
                return File.ReadAllText(candidate);
            candidate = Path.Combine(directory.FullName, "Validation", "Definitions", name);
            if (File.Exists(candidate))
                return File.ReadAllText(candidate);
        }

        throw new FileNotFoundException($"Validation/Definitions/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A definition whose root flowchart holds the given activities and connections (JSON fragments).</summary>
    public static string Flow(string activities, string connections = "", string variables = "") => $$"""
        {
          "id": "v1", "definitionId": "test", "name": "Test", "version": 1,
          "variables": [{{variables}}],
          "root": { "type": "Elsa.Flowchart", "id": "fc", "activities": [{{activities}}], "connections": [{{connections}}] }
        }
        """;

    /// <summary>An activity object; <paramref name="properties"/> is a JSON fragment of extra properties (inputs...).</summary>
    public static string Node(string id, string type, string properties = "") =>
        properties.Length == 0
            ? $$"""{ "id": "{{id}}", "type": "{{type}}" }"""
            : $$"""{ "id": "{{id}}", "type": "{{type}}", {{properties}} }""";

    public static string Connect(string source, string target, string port = "Done") =>
        $$"""{ "source": { "activity": "{{source}}", "port": "{{port}}" }, "target": { "activity": "{{target}}", "port": "In" } }""";

    /// <summary>An input wrapper: <c>{"typeName": ..., "expression": {"type": ..., "value": ...}}</c>; <paramref name="jsonValue"/> is raw JSON.</summary>
    public static string Input(string typeName, string expressionType, string jsonValue) =>
        $$"""{ "typeName": "{{typeName}}", "expression": { "type": "{{expressionType}}", "value": {{jsonValue}} } }""";

    public static string Start(string id = "start") => Node(id, "Elsa.Start");

    public static string WriteLine(string id, string text = "hello") =>
        Node(id, "Elsa.WriteLine", $"\"text\": {Input("String", "Literal", Quote(text))}");

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>The issue without its code and args, to compare with one built from an English text.</summary>
    public static ValidationIssue TextOnly(ValidationIssue issue) => new(issue.Severity, issue.Path, issue.Message);

    public static string Describe(IEnumerable<ValidationIssue> issues) => string.Join("\n", issues.Select(i => $"{i.Severity} {i}"));
}

/// <summary>Syntax checker for an expression type with no evaluator of its own, to test checker plumbing.</summary>
internal sealed class FakeSyntaxChecker(string type, Func<string, ExpressionSyntaxError?> check) : IExpressionSyntaxChecker
{
    public string Type { get; } = type;

    public ExpressionSyntaxError? CheckSyntax(string source) => check(source);
}
