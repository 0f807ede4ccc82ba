using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Validation;
using static CaseFlow.Workflows.Tests.Validation.ValidationFixtures;

namespace CaseFlow.Workflows.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private readonly WorkflowValidator _validator = CreateValidator();

    private static ValidationIssue Error(string path, string message) => new(ValidationSeverity.Error, path, message);

    private static ValidationIssue Warning(string path, string message) => new(ValidationSeverity.Warning, path, message);

    private IReadOnlyList<ValidationIssue> Validate(string json) => _validator.ValidateJson(json);

    // These tests check what the English text says; ValidationMessagesTests check the codes and args behind it.
    private static void AssertIssues(IReadOnlyList<ValidationIssue> actual, params ValidationIssue[] expected) =>
        Assert.True(expected.SequenceEqual(actual.Select(TextOnly)), $"expected:\n{Describe(expected)}\nactual:\n{Describe(actual)}");

    private static void AssertHasIssue(IEnumerable<ValidationIssue> actual, ValidationIssue expected) => Assert.Contains(expected, actual.Select(TextOnly));

    // ---- golden files --------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsNothing_ForAValidComplexWorkflow()
    {
        var issues = Validate(ReadDefinition("valid-complex.json"));

        AssertIssues(issues);
    }

    [Fact]
    public void ValidateJson_AcceptsTheLegacyShape_WithFlatConnectionsAndTopLevelCanStartWorkflow()
    {
        // Every activity has an inbound connection: only the legacy top-level canStartWorkflow makes Event1 the start.
        var issues = Validate(ReadDefinition("legacy-shape.json"));

        AssertIssues(issues);
    }

    [Fact]
    public void Validate_ReportsEveryProblem_InTheBrokenGoldenDefinition()
    {
        var issues = Validate(ReadDefinition("many-problems.json"));

        AssertIssues(
            issues,
            Error("root.activities[11].activities[0]", "duplicate activity id 'decide' (also at root.activities[1])"),
            Error("variables[0].value", "invalid Int32 'many' (expected a whole number)"),
            Warning("variables[1].typeName", "unknown type 'Acme.Blob' (use an alias such as String, Int32 or Object, or an assembly-qualified name)"),
            Warning("variables[2].value", "ambiguous TimeSpan '5' is read as 5.00:00:00 (use hh:mm:ss, e.g. 00:05:00)"),
            Error("root.connections[10].target", "connection points to missing activity 'ghost'"),
            Error("root.connections[12].source", "connection comes from missing activity 'ghost'"),
            Warning("root.connections[3].source", "'decide' has no outcome 'Maybe' (its outcomes: True, False)"),
            Warning("root.connections[13]", "invalid loop: 'at' can reach the start without passing through 'wait', so following this connection back to 'wait' faults the flowchart"),
            Error("root.activities[1].condition", "JavaScript syntax error at 1:15: Unexpected token ')'"),
            Error("root.activities[2].timeSpan", "invalid TimeSpan '5 minutes' (use hh:mm:ss, e.g. 00:05:00)"),
            Error("root.activities[3].cases[0].condition", "JavaScript syntax error at 1:6: Unexpected end of input"),
            Error("root.activities[3].mode", "invalid value 'MatchSome' (expected MatchFirst or MatchAny)"),
            Error("root.activities[4].branches", "invalid JSON in Object expression: Expected start of a property name or value, but instead reached end of data at 1:7"),
            Error("root.activities[5].cronExpression", "invalid cron expression 'every day': The given cron expression has an invalid format. Minutes: Value must be a number between 0 and 59 (all inclusive)."),
            Error("root.activities[6].dateTime", "invalid date 'next monday' (use ISO 8601 with an offset)"),
            Error("root.activities[7].taskName", "required input 'taskName' is missing"),
            Error("root.activities[7].payload", "expression type 'CSharp' is not supported by CaseFlow"),
            Error("root.activities[8]", "unknown activity type 'Acme.Mystery'"),
            Warning("root.activities[9]", "activity 'orphan' is unreachable from the start"),
            Warning("root.activities[10]", "activity 'orphan-unknown' is unreachable from the start"),
            Warning("root.activities[10]", "unknown activity type 'Acme.Legacy'"));
    }

    // ---- ValidateJson ----------------------------------------------------------------------------------------

    [Fact]
    public void ValidateJson_ReportsMalformedJson_AsOneErrorAtTheDocument()
    {
        var issues = Validate("{");

        var issue = Assert.Single(issues);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Equal("$", issue.Path);
        Assert.StartsWith("invalid JSON at line 1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateJson_ReportsAMissingRoot_AtRoot()
    {
        var issues = Validate("""{ "id": "v1", "definitionId": "d1", "variables": [] }""");

        AssertIssues(issues, Error("root", "the definition has no root activity"));
    }

    [Fact]
    public void ValidateJson_ReportsAnActivityWithoutType_AtItsPath()
    {
        var issues = Validate(Flow(Start() + """, { "id": "x" }"""));

        AssertIssues(issues, Error("root.activities[1].type", "every activity needs a type"));
    }

    // ---- rule 1: duplicate ids -------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsDuplicateActivityIds_WithTheFirstLocation()
    {
        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("WriteLine1")}, {WriteLine("WriteLine1", "again")}",
            $"{Connect("start", "WriteLine1")}"));

        AssertHasIssue(issues, Error("root.activities[2]", "duplicate activity id 'WriteLine1' (also at root.activities[1])"));
    }

    [Fact]
    public void Validate_ReportsDuplicateIds_AcrossNestedContainers()
    {
        var sequence = Node("seq", "Elsa.Sequence", $"\"activities\": [{WriteLine("start")}]");

        var issues = Validate(Flow($"{Start()}, {sequence}", Connect("start", "seq")));

        AssertIssues(issues, Error("root.activities[1].activities[0]", "duplicate activity id 'start' (also at root.activities[0])"));
    }

    [Fact]
    public void Validate_WarnsAboutActivitiesWithoutId()
    {
        var issues = Validate(Flow($"{Start()}, {{ \"type\": \"Elsa.WriteLine\" }}", ""));

        AssertHasIssue(issues, Warning("root.activities[1]", "activity has no id, so no connection can reach it"));
    }

    [Fact]
    public void Validate_WarnsAboutDuplicateVariableNames()
    {
        var variables = """
            { "id": "v1", "name": "Total", "typeName": "Int32", "value": "0" },
            { "id": "v2", "name": "Total", "typeName": "Int32", "value": "1" }
            """;

        var issues = Validate(Flow(Start(), variables: variables));

        AssertIssues(issues, Warning("variables[1].name", "duplicate variable name 'Total' (also at variables[0])"));
    }

    // ---- rule 2: connections ---------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsConnectionsToActivitiesOutsideTheFlowchart()
    {
        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("a")}",
            $"{Connect("start", "a")}, {Connect("a", "X")}, {Connect("Y", "a")}"));

        AssertIssues(
            issues,
            Error("root.connections[1].target", "connection points to missing activity 'X'"),
            Error("root.connections[2].source", "connection comes from missing activity 'Y'"));
    }

    [Fact]
    public void Validate_ReportsConnectionToAnActivityOfAnotherFlowchart()
    {
        var inner = Node("inner", "Elsa.Flowchart", $"\"activities\": [{WriteLine("deep")}], \"connections\": []");

        var issues = Validate(Flow($"{Start()}, {inner}", $"{Connect("start", "inner")}, {Connect("inner", "deep")}"));

        AssertIssues(issues, Error("root.connections[1].target", "connection points to missing activity 'deep'"));
    }

    [Fact]
    public void Validate_WarnsAboutASourcePortTheActivityCannotProduce()
    {
        var decision = Node("decide", "Elsa.FlowDecision", $"\"condition\": {Input("Boolean", "JavaScript", "\"true\"")}");

        var issues = Validate(Flow(
            $"{Start()}, {decision}, {WriteLine("a")}, {WriteLine("b")}",
            $"{Connect("start", "decide")}, {Connect("decide", "a", "Yes")}, {Connect("decide", "b", "False")}"));

        AssertIssues(issues, Warning("root.connections[1].source", "'decide' has no outcome 'Yes' (its outcomes: True, False)"));
    }

    [Fact]
    public void Validate_WarnsAboutConnectionsFromTerminalActivities()
    {
        var issues = Validate(Flow($"{Start()}, {Node("end", "Elsa.End")}, {WriteLine("after")}", $"{Connect("start", "end")}, {Connect("end", "after")}"));

        AssertIssues(issues, Warning("root.connections[1].source", "'end' (Elsa.End) has no outcomes, so connection port 'Done' is never followed"));
    }

    [Fact]
    public void Validate_ChecksPorts_AgainstLiteralDynamicOutcomes()
    {
        var fork = Node("fork", "Elsa.FlowFork", $"\"branches\": {Input("String[]", "Object", Quote("[\"Left\",\"Right\"]"))}");
        var cases = """[{ "label": "Gold", "condition": { "type": "JavaScript", "value": "true" } }]""";
        var sw = Node("switch", "Elsa.FlowSwitch", $"\"cases\": {cases}");

        var issues = Validate(Flow(
            $"{Start()}, {fork}, {WriteLine("l")}, {WriteLine("r")}, {WriteLine("m")}, {sw}, {WriteLine("gold")}, {WriteLine("other")}, {WriteLine("silver")}",
            $"{Connect("start", "fork")}, {Connect("fork", "l", "Left")}, {Connect("fork", "r", "Right")}, {Connect("fork", "m", "Middle")}, "
            + $"{Connect("l", "switch")}, {Connect("switch", "gold", "Gold")}, {Connect("switch", "other", "Default")}, {Connect("switch", "silver", "Silver")}"));

        AssertIssues(
            issues,
            Warning("root.connections[3].source", "'fork' has no outcome 'Middle' (its outcomes: Left, Right)"),
            Warning("root.connections[7].source", "'switch' has no outcome 'Silver' (its outcomes: Gold, Default)"));
    }

    [Fact]
    public void Validate_SkipsThePortCheck_WhenOutcomesAreNotKnownStatically()
    {
        var fork = Node("fork", "Elsa.FlowFork", $"\"branches\": {Input("String[]", "JavaScript", Quote("['A', 'B']"))}");
        var child = Node("child", "ApproveClaim", "\"workflowDefinitionId\": \"approve-claim\"");

        var issues = Validate(Flow(
            $"{Start()}, {fork}, {child}, {WriteLine("a")}, {WriteLine("b")}",
            $"{Connect("start", "fork")}, {Connect("fork", "child", "A")}, {Connect("child", "a", "Approved")}, {Connect("child", "b", "Rejected")}"));

        AssertIssues(issues);
    }

    // ---- rule 3: start ---------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsAFlowchartWithNoActivities()
    {
        var issues = Validate(Flow(""));

        AssertIssues(issues, Error("root", "flowchart has no activities"));
    }

    [Fact]
    public void Validate_ReportsANestedFlowchartWithNoActivities_AtItsPath()
    {
        var inner = Node("inner", "Elsa.Flowchart", "\"activities\": [], \"connections\": []");

        var issues = Validate(Flow($"{Start()}, {inner}", Connect("start", "inner")));

        AssertIssues(issues, Error("root.activities[1]", "flowchart has no activities"));
    }

    [Fact]
    public void Validate_ReportsAFlowchartWhereEveryActivityHasAnInboundConnection()
    {
        var issues = Validate(Flow($"{WriteLine("a")}, {WriteLine("b")}", $"{Connect("a", "b")}, {Connect("b", "a")}"));

        AssertIssues(issues, Error("root", "no start activity: every activity has an inbound connection (add an Elsa.Start, or set canStartWorkflow on the first one)"));
    }

    [Fact]
    public void Validate_AcceptsACycle_WhenOneActivityCanStartTheWorkflow()
    {
        var b = Node("b", "Elsa.WriteLine", "\"customProperties\": { \"canStartWorkflow\": true }");

        var issues = Validate(Flow($"{WriteLine("a")}, {b}", $"{Connect("a", "b")}, {Connect("b", "a")}"));

        AssertIssues(issues);
    }

    [Fact]
    public void Validate_StartsAtTheFirstActivityWithoutInboundConnections_WhenThereIsNoStartActivity()
    {
        var issues = Validate(Flow($"{WriteLine("b")}, {WriteLine("a")}, {WriteLine("c")}", $"{Connect("a", "b")}, {Connect("b", "c")}"));

        AssertIssues(issues);
    }

    // ---- rule 4: unknown types -------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsUnknownTypes_AsErrorsWhenReachable_AndWarningsWhenNot()
    {
        var issues = Validate(Flow(
            $"{Start()}, {Node("bar", "Foo.Bar")}, {Node("baz", "Foo.Baz")}",
            Connect("start", "bar")));

        AssertIssues(
            issues,
            Error("root.activities[1]", "unknown activity type 'Foo.Bar'"),
            Warning("root.activities[2]", "activity 'baz' is unreachable from the start"),
            Warning("root.activities[2]", "unknown activity type 'Foo.Baz'"));
    }

    [Fact]
    public void Validate_ReportsUnknownTypes_InsideNestedContainers()
    {
        var sequence = Node("seq", "Elsa.Sequence", $"\"activities\": [{WriteLine("one")}, {Node("two", "Elsa.If")}]");

        var issues = Validate(Flow($"{Start()}, {sequence}", Connect("start", "seq")));

        AssertIssues(issues, Error("root.activities[1].activities[1]", "unknown activity type 'Elsa.If'"));
    }

    [Fact]
    public void Validate_AcceptsWorkflowAsActivity_ByDefinitionId_WithoutAProvider()
    {
        var child = Node("child", "ChildWithOutcomes", "\"workflowDefinitionId\": \"child-def\"");

        var issues = Validate(Flow($"{Start()}, {child}", Connect("start", "child")));

        AssertIssues(issues);
    }

    [Fact]
    public void Validate_AsksTheProvider_AboutWorkflowAsActivityTypesAndDefinitionIds()
    {
        var validator = CreateValidator(name => name is "ChildByName" or "child-def");
        var byName = Node("a", "ChildByName");
        var byId = Node("b", "Renamed", "\"workflowDefinitionId\": \"child-def\"");
        var missing = Node("c", "Gone", "\"workflowDefinitionId\": \"gone-def\"");

        var issues = validator.ValidateJson(Flow(
            $"{Start()}, {byName}, {byId}, {missing}",
            $"{Connect("start", "a")}, {Connect("a", "b")}, {Connect("b", "c")}"));

        AssertIssues(issues, Error("root.activities[3]", "unknown activity type 'Gone' (no workflow definition 'gone-def' found)"));
    }

    [Fact]
    public void Validate_ChecksScripts_InTheInputsOfAWorkflowUsedAsAnActivity()
    {
        var child = Node("child", "ScoreClaim", $"\"workflowDefinitionId\": \"score\", \"claimId\": {Input("String", "JavaScript", Quote("getClaimId("))}");

        var issues = Validate(Flow($"{Start()}, {child}", Connect("start", "child")));

        var issue = Assert.Single(issues);
        Assert.Equal("root.activities[1].claimId", issue.Path);
        Assert.StartsWith("JavaScript syntax error at 1:12", issue.Message, StringComparison.Ordinal);
    }

    // ---- rule 5: literal conversions -------------------------------------------------------------------------

    [Theory]
    [InlineData("Elsa.Delay", "timeSpan", "TimeSpan", "\"5 minutes\"", "invalid TimeSpan '5 minutes' (use hh:mm:ss, e.g. 00:05:00)")]
    [InlineData("Elsa.Timer", "interval", "TimeSpan", "\"PT5Q\"", "invalid TimeSpan 'PT5Q' (use hh:mm:ss, e.g. 00:05:00, or an ISO 8601 duration such as PT5M)")]
    [InlineData("Elsa.StartAt", "dateTime", "DateTimeOffset", "\"31/31/2026\"", "invalid date '31/31/2026' (use ISO 8601 with an offset)")]
    [InlineData("Elsa.FlowJoin", "mode", "FlowJoinMode", "\"WaitSome\"", "invalid value 'WaitSome' (expected WaitAny, WaitAll or WaitAllActive)")]
    [InlineData("Elsa.FlowJoin", "mode", "FlowJoinMode", "7", "invalid value 7 (expected WaitAny, WaitAll or WaitAllActive)")]
    [InlineData("Elsa.FlowSwitch", "mode", "SwitchMode", "\"First\"", "invalid value 'First' (expected MatchFirst or MatchAny)")]
    [InlineData("Elsa.PublishEvent", "isLocalEvent", "Boolean", "\"yes\"", "invalid Boolean 'yes' (use true or false)")]
    [InlineData("Elsa.ExecuteWorkflow", "input", "ObjectDictionary", "\"not an object\"", "cannot convert 'not an object' to ObjectDictionary")]
    public void Validate_ReportsLiteralsThatDoNotConvertToTheInputType(string type, string input, string typeName, string literal, string message)
    {
        var required = type switch
        {
            "Elsa.PublishEvent" => $", \"eventName\": {Input("String", "Literal", "\"e\"")}",
            "Elsa.ExecuteWorkflow" => $", \"workflowDefinitionId\": {Input("String", "Literal", "\"w\"")}",
            _ => "",
        };
        var node = Node("x", type, $"\"{input}\": {Input(typeName, "Literal", literal)}{required}");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        AssertIssues(issues, Error($"root.activities[1].{input}", message));
    }

    [Theory]
    [InlineData("Elsa.Delay", "timeSpan", "\"00:05:00\"")]
    [InlineData("Elsa.Delay", "timeSpan", "\"1.02:03:04\"")]
    [InlineData("Elsa.Delay", "timeSpan", "\"PT5M\"")]
    [InlineData("Elsa.Delay", "timeSpan", "60000")]
    [InlineData("Elsa.StartAt", "dateTime", "\"2026-01-10T09:00:00+00:00\"")]
    [InlineData("Elsa.StartAt", "dateTime", "\"2026-01-10T09:00:00Z\"")]
    [InlineData("Elsa.FlowJoin", "mode", "\"waitall\"")]
    [InlineData("Elsa.FlowJoin", "mode", "1")]
    [InlineData("Elsa.PublishEvent", "isLocalEvent", "true")]
    [InlineData("Elsa.PublishEvent", "isLocalEvent", "\"False\"")]
    [InlineData("Elsa.Cron", "cronExpression", "\"0 30 5 * * ?\"")]
    [InlineData("Elsa.Cron", "cronExpression", "\"*/5 * * * *\"")]
    public void Validate_AcceptsLiteralsInTheFormsElsaWrites(string type, string input, string literal)
    {
        var required = type == "Elsa.PublishEvent" ? $", \"eventName\": {Input("String", "Literal", "\"e\"")}" : "";
        var node = Node("x", type, $"\"{input}\": {Input("Object", "Literal", literal)}{required}");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        AssertIssues(issues);
    }

    [Theory]
    [InlineData("\"5\"", "ambiguous TimeSpan '5' is read as 5.00:00:00 (use hh:mm:ss, e.g. 00:05:00)")]
    [InlineData("\"25:00:00\"", "ambiguous TimeSpan '25:00:00' is read as 25.00:00:00 (use hh:mm:ss, e.g. 00:05:00)")]
    public void Validate_WarnsAboutTimeSpansTheRuntimeReadsAsDays(string literal, string message)
    {
        var node = Node("x", "Elsa.Delay", $"\"timeSpan\": {Input("TimeSpan", "Literal", literal)}");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        AssertIssues(issues, Warning("root.activities[1].timeSpan", message));
    }

    [Fact]
    public void Validate_WarnsAboutNonIsoDates()
    {
        var node = Node("x", "Elsa.StartAt", $"\"dateTime\": {Input("DateTimeOffset", "Literal", "\"01/02/2026\"")}");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        AssertIssues(issues, Warning("root.activities[1].dateTime", "ambiguous date '01/02/2026' (use ISO 8601 with an offset, e.g. 2026-01-10T09:00:00+00:00)"));
    }

    [Fact]
    public void Validate_ReportsInvalidCronExpressions()
    {
        var node = Node("x", "Elsa.Cron", $"\"cronExpression\": {Input("String", "Literal", "\"0 61 * * * ?\"")}");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        var issue = Assert.Single(issues);
        Assert.Equal(Error("root.activities[1].cronExpression", issue.Message), TextOnly(issue));
        Assert.StartsWith("invalid cron expression '0 61 * * * ?': ", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ChecksBareScalarInputs_AsLiterals()
    {
        var node = Node("x", "Elsa.Delay", "\"timeSpan\": \"soon\"");

        var issues = Validate(Flow($"{Start()}, {node}", Connect("start", "x")));

        AssertIssues(issues, Error("root.activities[1].timeSpan", "invalid TimeSpan 'soon' (use hh:mm:ss, e.g. 00:05:00)"));
    }

    [Fact]
    public void Validate_ReportsVariableValues_ThatDoNotConvertToTheirType()
    {
        var variables = """
            { "id": "v1", "name": "Count", "typeName": "Int32", "value": "ten" },
            { "id": "v2", "name": "Due", "typeName": "DateTimeOffset", "value": "someday" },
            { "id": "v3", "name": "Flag", "typeName": "Boolean", "value": "" },
            { "id": "v4", "name": "Ids", "typeName": "Int32", "isArray": true, "value": "[1, 2" }
            """;

        var issues = Validate(Flow(Start(), variables: variables));

        AssertIssues(
            issues,
            Error("variables[0].value", "invalid Int32 'ten' (expected a whole number)"),
            Error("variables[1].value", "invalid date 'someday' (use ISO 8601 with an offset)"),
            Error("variables[3].value", "invalid JSON: '2' is an invalid end of a number at 1:6"));
    }

    [Fact]
    public void Validate_WarnsAboutUnknownVariableTypes_ButAcceptsAliasesAndAssemblyQualifiedNames()
    {
        var variables = """
            { "id": "v1", "name": "A", "typeName": "Customer" },
            { "id": "v2", "name": "B", "typeName": "Int32?" },
            { "id": "v3", "name": "C", "typeName": "IDictionary<String, Object>" },
            { "id": "v4", "name": "D", "typeName": "Acme.Customer, Acme.Domain" },
            { "id": "v5", "name": "E", "typeName": "String[]" }
            """;

        var issues = Validate(Flow(Start(), variables: variables));

        AssertIssues(issues, Warning("variables[0].typeName", "unknown type 'Customer' (use an alias such as String, Int32 or Object, or an assembly-qualified name)"));
    }

    [Fact]
    public void Validate_ChecksContainerVariables_AtTheirContainerPath()
    {
        var sequence = Node("seq", "Elsa.Sequence", $$"""
            "variables": [{ "id": "n", "name": "N", "typeName": "Double", "value": "1,5" }], "activities": [{{WriteLine("w")}}]
            """);

        var issues = Validate(Flow($"{Start()}, {sequence}", Connect("start", "seq")));

        AssertIssues(issues, Error("root.activities[1].variables[0].value", "invalid Double '1,5' (expected a number)"));
    }

    // ---- rule 6: reachability --------------------------------------------------------------------------------

    [Fact]
    public void Validate_WarnsAboutActivitiesUnreachableFromTheStart()
    {
        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("a")}, {WriteLine("island")}, {WriteLine("island-tail")}",
            $"{Connect("start", "a")}, {Connect("island", "island-tail")}"));

        AssertIssues(
            issues,
            Warning("root.activities[2]", "activity 'island' is unreachable from the start"),
            Warning("root.activities[3]", "activity 'island-tail' is unreachable from the start"));
    }

    [Fact]
    public void Validate_FollowsEveryPort_WhenComputingReachability()
    {
        var decision = Node("d", "Elsa.FlowDecision", $"\"condition\": {Input("Boolean", "Literal", "true")}");

        var issues = Validate(Flow(
            $"{Start()}, {decision}, {WriteLine("never-taken")}",
            $"{Connect("start", "d")}, {Connect("d", "never-taken", "False")}"));

        AssertIssues(issues);
    }

    [Fact]
    public void Validate_TreatsTriggersThatCanStartTheWorkflow_AsReachable()
    {
        var trigger = Node("evt", "Elsa.Event", $"\"eventName\": {Input("String", "Literal", "\"Ping\"")}, \"customProperties\": {{ \"canStartWorkflow\": true }}");

        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("a")}, {trigger}, {WriteLine("on-event")}",
            $"{Connect("start", "a")}, {Connect("evt", "on-event")}"));

        AssertIssues(issues);
    }

    [Fact]
    public void Validate_TreatsEveryChildOfASequence_AsReachable()
    {
        var sequence = Node("seq", "Elsa.Sequence", $"\"activities\": [{WriteLine("one")}, {Node("two", "Foo.Two")}]");

        var issues = Validate(Flow($"{Start()}, {sequence}", Connect("start", "seq")));

        AssertIssues(issues, Error("root.activities[1].activities[1]", "unknown activity type 'Foo.Two'"));
    }

    [Fact]
    public void Validate_ComputesReachability_InsideNestedFlowcharts()
    {
        var inner = Node("inner", "Elsa.Flowchart", $"\"activities\": [{Start("inner-start")}, {WriteLine("inner-a")}, {WriteLine("inner-lost")}], \"connections\": [{Connect("inner-start", "inner-a")}]");

        var issues = Validate(Flow($"{Start()}, {inner}", Connect("start", "inner")));

        AssertIssues(issues, Warning("root.activities[1].activities[2]", "activity 'inner-lost' is unreachable from the start"));
    }

    // ---- rule 7: required inputs -----------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData(", \"condition\": null")]
    [InlineData(", \"condition\": { \"typeName\": \"Boolean\" }")]
    [InlineData(", \"condition\": { \"typeName\": \"Boolean\", \"expression\": null }")]
    [InlineData(", \"condition\": { \"typeName\": \"Boolean\", \"expression\": { \"type\": \"Literal\", \"value\": \"\" } }")]
    [InlineData(", \"condition\": { \"typeName\": \"Boolean\", \"expression\": { \"type\": \"Literal\", \"value\": null } }")]
    [InlineData(", \"condition\": { \"typeName\": \"Boolean\", \"expression\": { \"type\": \"JavaScript\", \"value\": \"  \" } }")]
    public void Validate_ReportsMissingRequiredInputs(string condition)
    {
        var decision = $$"""{ "id": "d", "type": "Elsa.FlowDecision"{{condition}} }""";

        var issues = Validate(Flow($"{Start()}, {decision}", Connect("start", "d")));

        AssertIssues(issues, Error("root.activities[1].condition", "required input 'condition' is missing"));
    }

    [Fact]
    public void Validate_OnlyWarnsAboutUnsetRequiredInputs_ThatHaveADefault()
    {
        var unset = Node("a", "Elsa.Delay");
        var empty = Node("b", "Elsa.Delay", $"\"timeSpan\": {Input("TimeSpan", "Literal", "\"\"")}");

        var issues = Validate(Flow($"{Start()}, {unset}, {empty}", $"{Connect("start", "a")}, {Connect("a", "b")}"));

        AssertIssues(
            issues,
            Warning("root.activities[1].timeSpan", "required input 'timeSpan' is not set, so its default 00:01:00 is used"),
            Error("root.activities[2].timeSpan", "required input 'timeSpan' is missing"));
    }

    [Fact]
    public void Validate_ReportsMissingUnwrappedRequiredInputs()
    {
        var issues = Validate(Flow($"{Start()}, {Node("set", "Elsa.SetVariable", "\"value\": 1")}", Connect("start", "set")));

        AssertIssues(issues, Error("root.activities[1].variable", "required input 'variable' is missing"));
    }

    [Fact]
    public void Validate_ReadsInputNames_CaseInsensitively()
    {
        var decision = Node("d", "Elsa.FlowDecision", $"\"Condition\": {Input("Boolean", "Literal", "true")}");

        var issues = Validate(Flow($"{Start()}, {decision}", Connect("start", "d")));

        AssertIssues(issues);
    }

    // ---- rule 8: script syntax -------------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsJavaScriptSyntaxError_WithLocation()
    {
        var decision = Node("d", "Elsa.FlowDecision", $"\"condition\": {Input("Boolean", "JavaScript", Quote("const a = 1;\nreturn a > );"))}");

        var issues = Validate(Flow($"{Start()}, {decision}", Connect("start", "d")));

        AssertIssues(issues, Error("root.activities[1].condition", "JavaScript syntax error at 2:12: Unexpected token ')'"));
    }

    [Fact]
    public void Validate_ReportsLiquidSyntaxError_WithLocation()
    {
        var write = Node("w", "Elsa.WriteLine", $"\"text\": {Input("String", "Liquid", Quote("Hi\n  {% nope %}"))}");

        var issues = Validate(Flow($"{Start()}, {write}", Connect("start", "w")));

        AssertIssues(issues, Error("root.activities[1].text", "Liquid syntax error at 2:3: Unknown tag 'nope'"));
    }

    [Fact]
    public void Validate_ReportsSyntaxErrors_InFlowSwitchCaseConditions()
    {
        var cases = """
            [
              { "label": "Ok", "condition": { "type": "JavaScript", "value": "getAmount() > 5" } },
              { "label": "Broken", "condition": { "type": "JavaScript", "value": "getAmount( > 5" } }
            ]
            """;
        var sw = Node("sw", "Elsa.FlowSwitch", $"\"cases\": {cases}");

        var issues = Validate(Flow($"{Start()}, {sw}", Connect("start", "sw")));

        var issue = Assert.Single(issues);
        Assert.Equal("root.activities[1].cases[1].condition", issue.Path);
        Assert.StartsWith("JavaScript syntax error at 1:", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsSwitchCasesWithNonStringLabels()
    {
        var sw = Node("sw", "Elsa.FlowSwitch", """ "cases": [{ "label": 5, "condition": { "type": "Literal", "value": true } }] """);

        var issues = Validate(Flow($"{Start()}, {sw}", Connect("start", "sw")));

        AssertIssues(issues, Error("root.activities[1].cases[0].label", "case label must be a string"));
    }

    [Theory]
    [InlineData("CSharp")]
    [InlineData("Python")]
    [InlineData("Secret")]
    public void Validate_ReportsExpressionTypesCaseFlowCannotEvaluate(string type)
    {
        var write = Node("w", "Elsa.WriteLine", $"\"text\": {Input("String", type, "\"1 + 1\"")}");

        var issues = Validate(Flow($"{Start()}, {write}", Connect("start", "w")));

        AssertIssues(issues, Error("root.activities[1].text", $"expression type '{type}' is not supported by CaseFlow"));
    }

    [Fact]
    public void Validate_UsesTheSyntaxCheckersItIsGiven()
    {
        var checker = new FakeSyntaxChecker("Handlebars", source => source.Contains("{{", StringComparison.Ordinal) && !source.Contains("}}", StringComparison.Ordinal) ? new ExpressionSyntaxError(1, source.IndexOf("{{", StringComparison.Ordinal) + 1, "unclosed tag") : null);
        var validator = new WorkflowValidator(ActivityRegistry.CreateDefault(), [checker]);
        var write = Node("w", "Elsa.WriteLine", $"\"text\": {Input("String", "Handlebars", "\"Hi {{name\"")}");

        var issues = validator.ValidateJson(Flow($"{Start()}, {write}", Connect("start", "w")));

        AssertIssues(issues, Error("root.activities[1].text", "Handlebars syntax error at 1:4: unclosed tag"));
    }

    [Fact]
    public void Validate_SkipsSyntaxChecks_ForTypesWithNoCheckerThatCaseFlowEvaluates()
    {
        var validator = new WorkflowValidator(ActivityRegistry.CreateDefault(), []);
        var write = Node("w", "Elsa.WriteLine", $"\"text\": {Input("String", "JavaScript", "\"(((\"")}");

        var issues = validator.ValidateJson(Flow($"{Start()}, {write}", Connect("start", "w")));

        AssertIssues(issues);
    }

    // ---- rule 9: Object expressions --------------------------------------------------------------------------

    [Fact]
    public void Validate_ReportsObjectExpressionsThatAreNotJson_ForArrayInputs()
    {
        var fork = Node("fork", "Elsa.FlowFork", $"\"branches\": {Input("String[]", "Object", Quote("[\"A\", 'B']"))}");

        var issues = Validate(Flow($"{Start()}, {fork}", Connect("start", "fork")));

        AssertIssues(issues, Error("root.activities[1].branches", "invalid JSON in Object expression: ''' is an invalid start of a value at 1:7"));
    }

    [Fact]
    public void Validate_ReportsObjectExpressionsThatAreNotJson_ForDictionaryInputs()
    {
        var execute = Node("run", "Elsa.ExecuteWorkflow", $"\"workflowDefinitionId\": {Input("String", "Literal", "\"child\"")}, \"input\": {Input("ObjectDictionary", "Object", Quote("{ amount: 5 }"))}");

        var issues = Validate(Flow($"{Start()}, {execute}", Connect("start", "run")));

        var issue = Assert.Single(issues);
        Assert.Equal("root.activities[1].input", issue.Path);
        Assert.StartsWith("invalid JSON in Object expression: ", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsSwitchCasesGivenAsAnObjectExpressionThatIsNotJson()
    {
        var sw = Node("sw", "Elsa.FlowSwitch", $"\"cases\": {Input("Object", "Object", Quote("[{ \"label\": \"A\" "))}");

        var issues = Validate(Flow($"{Start()}, {sw}", Connect("start", "sw")));

        var issue = Assert.Single(issues);
        Assert.Equal("root.activities[1].cases", issue.Path);
        Assert.StartsWith("invalid JSON in Object expression: ", issue.Message, StringComparison.Ordinal);
    }

    // ---- rule 10: activity-specific validation ---------------------------------------------------------------

    [Fact]
    public void Validate_LetsActivitiesAddTheirOwnIssues()
    {
        var registry = ActivityRegistry.CreateDefault().Register<AuditedActivity>();
        var validator = CreateValidator(registry: registry);
        var audited = Node("audit", "Test.Audited", $"\"reviewer\": {Input("String", "Literal", "\"ada\"")}");

        var issues = validator.ValidateJson(Flow($"{Start()}, {audited}", Connect("start", "audit")));

        AssertIssues(issues, Warning("root.activities[1]", "audited activities need a name"));
    }

    [Fact]
    public void Validate_ReportsAnActivityValidatorThatThrows_InsteadOfCrashing()
    {
        var registry = ActivityRegistry.CreateDefault().Register<AuditedActivity>();
        var validator = CreateValidator(registry: registry);
        var audited = Node("audit", "Test.Audited", $"\"name\": \"boom\", \"reviewer\": {Input("String", "Literal", "\"ada\"")}");

        var issues = validator.ValidateJson(Flow($"{Start()}, {audited}", Connect("start", "audit")));

        AssertIssues(issues, Error("root.activities[1]", "Test.Audited could not validate this activity: kaboom"));
    }

    // ---- rule 11: loops --------------------------------------------------------------------------------------

    [Fact]
    public void Validate_WarnsAboutLoopsThatReenterWithoutPassingThroughTheirTarget()
    {
        // start -> a, start -> b, a -> b, b -> a: b reaches the start directly, not only through a.
        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("a")}, {WriteLine("b")}",
            $"{Connect("start", "a")}, {Connect("start", "b")}, {Connect("a", "b")}, {Connect("b", "a")}"));

        AssertIssues(issues, Warning("root.connections[3]", "invalid loop: 'b' can reach the start without passing through 'a', so following this connection back to 'a' faults the flowchart"));
    }

    [Fact]
    public void Validate_AcceptsProperLoops()
    {
        var decision = Node("more", "Elsa.FlowDecision", $"\"condition\": {Input("Boolean", "JavaScript", "\"getCounter() < 3\"")}");

        var issues = Validate(Flow(
            $"{Start()}, {WriteLine("body")}, {decision}, {WriteLine("done")}",
            $"{Connect("start", "body")}, {Connect("body", "more")}, {Connect("more", "body", "True")}, {Connect("more", "done", "False")}"));

        AssertIssues(issues);
    }

    // ---- API -------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_WorksOnDefinitionsBuiltInCode()
    {
        var definition = new WorkflowDefinition
        {
            Variables = [new VariableDefinition { Id = "v", Name = "Limit", TypeName = "Int64", Value = "12x" }],
            Root = WorkflowDefinitionReader.ReadActivity(System.Text.Json.Nodes.JsonNode.Parse(
                $$"""{ "type": "Elsa.Flowchart", "id": "fc", "activities": [{{Start()}}], "connections": [] }""")!.AsObject(), "root"),
        };

        var issues = _validator.Validate(definition);

        AssertIssues(issues, Error("variables[0].value", "invalid Int64 '12x' (expected a whole number)"));
    }
}

[Activity("Test.Audited")]
public sealed class AuditedActivity : Activity
{
    [Input(IsRequired = true)]
    public Input<string> Reviewer { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context) => default;

    public override void Validate(ActivityNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (node.Name == "boom")
            throw new InvalidOperationException("kaboom");
        if (node.Name is null)
            context.Warning(node.Path, "audited activities need a name");
    }
}
