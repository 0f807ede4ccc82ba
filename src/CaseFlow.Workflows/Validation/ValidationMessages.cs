using System.Globalization;
using System.Text.RegularExpressions;
using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Validation;

/// <summary>
/// Every message the validator reports, one factory per kind. Each builds its English text from a template whose
/// <c>{{name}}</c> placeholders are filled with its args; the web app keeps the same templates in
/// <c>designer/src/locales/validation.en.json</c> and their translations beside it, under the same codes.
/// </summary>
/// <remarks>
/// Adding a message means adding its code to both JSON files (a test fails otherwise). A <c>value</c> arg is the
/// value as the text shows it: strings in single quotes and shortened, numbers and booleans bare.
/// </remarks>
public static partial class ValidationMessages
{
    // ---- definition and version ids (DefinitionId) -------------------------------------------------------

    public static ValidationMessage IdRequired() =>
        Create("id-required", "An id is required: " + DefinitionId.Rule + ".");

    public static ValidationMessage IdTooLong(int length, int max) =>
        Create("id-too-long", "The id has {{length}} characters; at most {{max}} are allowed.", ("length", Number(length)), ("max", Number(max)));

    public static ValidationMessage IdBadStart(string character) =>
        Create("id-bad-start", "The id starts with '{{character}}': " + DefinitionId.Rule + ".", ("character", character));

    public static ValidationMessage IdDoubleDot() =>
        Create("id-double-dot", "The id contains '..': " + DefinitionId.Rule + ".");

    public static ValidationMessage IdBadCharacter(string character) =>
        Create("id-bad-character", "The id contains '{{character}}': " + DefinitionId.Rule + ".", ("character", character));

    // codePoint: the character by code (U+0009), so the message stays printable.
    public static ValidationMessage IdUnprintableCharacter(string codePoint) =>
        Create("id-unprintable-character", "The id contains the character {{codePoint}}: " + DefinitionId.Rule + ".", ("codePoint", codePoint));

    // ---- reading the definition ---------------------------------------------------------------------------

    // detail: what the definition reader said, untranslated.
    public static ValidationMessage DefinitionFormat(string detail) =>
        Create("definition-format", "{{detail}}", ("detail", detail));

    public static ValidationMessage DefinitionUnreadable(string detail) =>
        Create("definition-unreadable", "cannot read the definition: {{detail}}", ("detail", detail));

    // ---- activities ---------------------------------------------------------------------------------------

    public static ValidationMessage ActivityIdMissing() =>
        Create("activity-id-missing", "activity has no id, so no connection can reach it");

    // path: where the id was first used.
    public static ValidationMessage ActivityIdDuplicate(string id, string path) =>
        Create("activity-id-duplicate", "duplicate activity id '{{id}}' (also at {{path}})", ("id", id), ("path", path));

    public static ValidationMessage ActivityTypeUnknown(string type) =>
        Create("activity-type-unknown", "unknown activity type '{{type}}'", ("type", type));

    public static ValidationMessage ActivityWorkflowNotFound(string type, string definitionId) =>
        Create("activity-workflow-not-found", "unknown activity type '{{type}}' (no workflow definition '{{definitionId}}' found)", ("type", type), ("definitionId", definitionId));

    public static ValidationMessage ActivityValidationFailed(string type, string detail) =>
        Create("activity-validation-failed", "{{type}} could not validate this activity: {{detail}}", ("type", type), ("detail", detail));

    public static ValidationMessage ActivityUnreachable(string id) =>
        Create("activity-unreachable", "activity '{{id}}' is unreachable from the start", ("id", id));

    // ---- inputs and expressions ---------------------------------------------------------------------------

    public static ValidationMessage RequiredInputMissing(string name) =>
        Create("required-input-missing", "required input '{{name}}' is missing", ("name", name));

    public static ValidationMessage RequiredInputDefault(string name, string value) =>
        Create("required-input-default", "required input '{{name}}' is not set, so its default {{value}} is used", ("name", name), ("value", value));

    public static ValidationMessage ExpressionJsonInvalid(string type, string detail, long line, long column) =>
        Create("expression-json-invalid", "invalid JSON in {{type}} expression: {{detail}} at {{line}}:{{column}}", ("type", type), ("detail", detail), ("line", Number(line)), ("column", Number(column)));

    public static ValidationMessage ExpressionSyntaxError(string type, long line, long column, string detail) =>
        Create("expression-syntax-error", "{{type}} syntax error at {{line}}:{{column}}: {{detail}}", ("type", type), ("line", Number(line)), ("column", Number(column)), ("detail", detail));

    public static ValidationMessage ExpressionCheckFailed(string type, string detail) =>
        Create("expression-check-failed", "{{type}} could not be checked: {{detail}}", ("type", type), ("detail", detail));

    public static ValidationMessage ExpressionTypeUnsupported(string type) =>
        Create("expression-type-unsupported", "expression type '{{type}}' is not supported by CaseFlow", ("type", type));

    public static ValidationMessage SwitchCasesNotArray() =>
        Create("switch-cases-not-array", "cases must be an array of {label, condition}");

    public static ValidationMessage SwitchCaseNotObject() =>
        Create("switch-case-not-object", "a case must be an object with a label and a condition");

    public static ValidationMessage SwitchCaseLabelMissing() =>
        Create("switch-case-label-missing", "case has no label, so no connection can follow it");

    public static ValidationMessage SwitchCaseLabelNotString() =>
        Create("switch-case-label-not-string", "case label must be a string");

    // ---- variables and nesting ----------------------------------------------------------------------------

    public static ValidationMessage VariableNameDuplicate(string name, string path) =>
        Create("variable-name-duplicate", "duplicate variable name '{{name}}' (also at {{path}})", ("name", name), ("path", path));

    public static ValidationMessage VariableTypeUnknown(string type) =>
        Create("variable-type-unknown", "unknown type '{{type}}' (use an alias such as String, Int32 or Object, or an assembly-qualified name)", ("type", type));

    public static ValidationMessage ValueTooDeep(int max) =>
        Create("value-too-deep", "the value nests deeper than {{max}} levels", ("max", Number(max)));

    // ---- flowcharts and connections -----------------------------------------------------------------------

    public static ValidationMessage FlowchartEmpty() =>
        Create("flowchart-empty", "flowchart has no activities");

    public static ValidationMessage FlowchartNoStart() =>
        Create("flowchart-no-start", "no start activity: every activity has an inbound connection (add an Elsa.Start, or set canStartWorkflow on the first one)");

    public static ValidationMessage ConnectionSourceMissing(string id) =>
        Create("connection-source-missing", "connection comes from missing activity '{{id}}'", ("id", id));

    public static ValidationMessage ConnectionTargetMissing(string id) =>
        Create("connection-target-missing", "connection points to missing activity '{{id}}'", ("id", id));

    public static ValidationMessage ConnectionPortNeverFollowed(string id, string type, string port) =>
        Create("connection-port-never-followed", "'{{id}}' ({{type}}) has no outcomes, so connection port '{{port}}' is never followed", ("id", id), ("type", type), ("port", port));

    // outcomes: the outcomes the activity has, comma-separated.
    public static ValidationMessage ConnectionPortUnknown(string id, string port, string outcomes) =>
        Create("connection-port-unknown", "'{{id}}' has no outcome '{{port}}' (its outcomes: {{outcomes}})", ("id", id), ("port", port), ("outcomes", outcomes));

    public static ValidationMessage ConnectionInvalidLoop(string source, string target) =>
        Create("connection-invalid-loop", "invalid loop: '{{source}}' can reach the start without passing through '{{target}}', so following this connection back to '{{target}}' faults the flowchart", ("source", source), ("target", target));

    // ---- literal values (LiteralChecks) -------------------------------------------------------------------

    public static ValidationMessage ValueJsonInvalid(string detail, long line, long column) =>
        Create("value-json-invalid", "invalid JSON: {{detail}} at {{line}}:{{column}}", ("detail", detail), ("line", Number(line)), ("column", Number(column)));

    public static ValidationMessage CronInvalid(string value, string detail) =>
        Create("cron-invalid", "invalid cron expression {{value}}: {{detail}}", ("value", value), ("detail", detail));

    // choices: all the allowed values but the last, comma-separated.
    public static ValidationMessage ChoiceInvalid(string value, string choices, string last) =>
        Create("choice-invalid", "invalid value {{value}} (expected {{choices}} or {{last}})", ("value", value), ("choices", choices), ("last", last));

    public static ValidationMessage ChoiceInvalidSingle(string value, string choice) =>
        Create("choice-invalid-single", "invalid value {{value}} (expected {{choice}})", ("value", value), ("choice", choice));

    public static ValidationMessage ChoiceInvalidUnlisted(string value) =>
        Create("choice-invalid-unlisted", "invalid value {{value}} (expected a listed value)", ("value", value));

    public static ValidationMessage TimeSpanInvalid(string value) =>
        Create("timespan-invalid", "invalid TimeSpan {{value}} (use hh:mm:ss, e.g. 00:05:00)", ("value", value));

    public static ValidationMessage TimeSpanDurationInvalid(string value) =>
        Create("timespan-duration-invalid", "invalid TimeSpan {{value}} (use hh:mm:ss, e.g. 00:05:00, or an ISO 8601 duration such as PT5M)", ("value", value));

    // readAs: how the runtime reads it (5.00:00:00 for '5').
    public static ValidationMessage TimeSpanAmbiguous(string value, string readAs) =>
        Create("timespan-ambiguous", "ambiguous TimeSpan {{value}} is read as {{readAs}} (use hh:mm:ss, e.g. 00:05:00)", ("value", value), ("readAs", readAs));

    public static ValidationMessage DateInvalid(string value) =>
        Create("date-invalid", "invalid date {{value}} (use ISO 8601 with an offset)", ("value", value));

    public static ValidationMessage DateAmbiguous(string value) =>
        Create("date-ambiguous", "ambiguous date {{value}} (use ISO 8601 with an offset, e.g. 2026-01-10T09:00:00+00:00)", ("value", value));

    // type: the type's alias (Int32).
    public static ValidationMessage IntegerInvalid(string type, string value) =>
        Create("integer-invalid", "invalid {{type}} {{value}} (expected a whole number)", ("type", type), ("value", value));

    public static ValidationMessage NumberInvalid(string type, string value) =>
        Create("number-invalid", "invalid {{type}} {{value}} (expected a number)", ("type", type), ("value", value));

    public static ValidationMessage BooleanInvalid(string value) =>
        Create("boolean-invalid", "invalid Boolean {{value}} (use true or false)", ("value", value));

    public static ValidationMessage GuidInvalid(string value) =>
        Create("guid-invalid", "invalid Guid {{value}}", ("value", value));

    public static ValidationMessage ValueNotConvertible(string value, string type) =>
        Create("value-not-convertible", "cannot convert {{value}} to {{type}}", ("value", value), ("type", type));

    // ---- building -----------------------------------------------------------------------------------------

    // One pass over the template: an arg holding "{{x}}" (a Liquid script in a detail) is not filled in again.
    private static ValidationMessage Create(string code, string template, params ReadOnlySpan<(string Name, string Value)> args)
    {
        if (args.IsEmpty)
            return new ValidationMessage(code, template, ValidationMessage.NoArgs);
        var values = new Dictionary<string, string>(args.Length, StringComparer.Ordinal);
        foreach (var (name, value) in args)
            values.Add(name, value);
        return new ValidationMessage(code, Placeholder().Replace(template, m => values[m.Groups[1].Value]), values.AsReadOnly());
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\{(\w+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
