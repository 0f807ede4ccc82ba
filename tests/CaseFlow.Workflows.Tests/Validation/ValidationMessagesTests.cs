using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Tests.Shared;
using CaseFlow.Workflows.Validation;
using static CaseFlow.Workflows.Tests.Validation.ValidationFixtures;

namespace CaseFlow.Workflows.Tests.Validation;

/// <summary>
/// The validator's messages and the web app's templates for them (<c>designer/src/locales/validation.*.json</c>):
/// the English ones must read exactly like the server's text, and every message must have a Chinese one.
/// </summary>
public sealed partial class ValidationMessagesTests
{
    private static readonly IReadOnlyList<ValidationMessage> Samples = SampleEveryMessage();

    // ---- the catalogue against the web app's templates ---------------------------------------------------

    [Fact]
    public void EveryMessageKind_HasItsOwnCode_InKebabCase()
    {
        var codes = Samples.Select(m => m.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
    }

    [Fact]
    public void EveryMessage_NamesEachOfItsParametersAsAnArg()
    {
        foreach (var (method, message) in Factories().Zip(Samples))
            Assert.Equal(method.GetParameters().Select(p => p.Name!).Order(), message.Args.Keys.Order());
    }

    [Fact]
    public void TheEnglishTemplateOfEveryMessage_FilledWithItsArgs_IsTheServersText()
    {
        var english = ReadTemplates("validation.en.json");

        var missing = Samples.Where(m => !english.ContainsKey(m.Code)).Select(m => m.Code).ToList();
        Assert.True(missing.Count == 0, "Not in designer/src/locales/validation.en.json: " + string.Join(", ", missing));
        foreach (var message in Samples)
        {
            Assert.Equal(message.Args.Keys.Order(), Placeholders(english[message.Code]).Order());
            Assert.Equal(message.Text, Fill(english[message.Code], message.Args));
        }
    }

    [Fact]
    public void EveryMessage_HasAChineseTemplate_WrittenInChinese_UsingOnlyItsArgs()
    {
        var chinese = ReadTemplates("validation.zh-CN.json");

        var missing = Samples.Where(m => !chinese.TryGetValue(m.Code, out var text) || string.IsNullOrWhiteSpace(text)).Select(m => m.Code).ToList();
        Assert.True(missing.Count == 0, "Not translated in designer/src/locales/validation.zh-CN.json: " + string.Join(", ", missing));
        foreach (var message in Samples)
        {
            var template = chinese[message.Code];
            Assert.True(Cjk().IsMatch(template), $"{message.Code} is not in Chinese: {template}");
            var unknown = Placeholders(template).Except(message.Args.Keys).ToList();
            Assert.True(unknown.Count == 0, $"{message.Code} uses placeholders it has no arg for: {string.Join(", ", unknown)}");
        }
    }

    [Theory]
    [InlineData("validation.en.json")]
    [InlineData("validation.zh-CN.json")]
    public void NoTemplate_IsLeftForACodeTheServerNoLongerSends(string file)
    {
        var stale = ReadTemplates(file).Keys.Except(Samples.Select(m => m.Code)).ToList();

        Assert.True(stale.Count == 0, $"In designer/src/locales/{file} but sent by no message: {string.Join(", ", stale)}");
    }

    // ---- what the validator reports ----------------------------------------------------------------------

    [Fact]
    public void Validate_GivesEveryFindingInTheBrokenGoldenDefinition_ItsCode()
    {
        var issues = CreateValidator().ValidateJson(ReadDefinition("many-problems.json"));

        Assert.Equal(
            [
                "activity-id-duplicate", "integer-invalid", "variable-type-unknown", "timespan-ambiguous", "connection-target-missing",
                "connection-source-missing", "connection-port-unknown", "connection-invalid-loop", "expression-syntax-error", "timespan-invalid",
                "expression-syntax-error", "choice-invalid", "expression-json-invalid", "cron-invalid", "date-invalid", "required-input-missing",
                "expression-type-unsupported", "activity-type-unknown", "activity-unreachable", "activity-unreachable", "activity-type-unknown",
            ],
            issues.Select(i => i.Code));
    }

    [Fact]
    public void Validate_ReportsAMissingRequiredInput_WithTheInputsName()
    {
        var issues = CreateValidator().ValidateJson(Flow($"{Start()}, {Node("decide", "Elsa.FlowDecision")}", Connect("start", "decide")));

        var issue = Assert.Single(issues);
        Assert.Equal("root.activities[1].condition", issue.Path);
        Assert.Equal("required-input-missing", issue.Code);
        Assert.Equal(Args(("name", "condition")), issue.Args.ToDictionary());
    }

    [Fact]
    public void Validate_ReportsAScriptSyntaxError_WithItsPosition_AndTheParsersTextAsDetail()
    {
        var write = Node("w", "Elsa.WriteLine", $"\"text\": {Input("String", "JavaScript", Quote("1 +"))}");

        var issue = Assert.Single(CreateValidator().ValidateJson(Flow($"{Start()}, {write}", Connect("start", "w"))));

        Assert.Equal("expression-syntax-error", issue.Code);
        Assert.Equal(["column", "detail", "line", "type"], issue.Args.Keys.Order());
        Assert.Equal("JavaScript", issue.Args["type"]);
        Assert.Equal("1", issue.Args["line"]);
        Assert.Equal($"JavaScript syntax error at 1:{issue.Args["column"]}: {issue.Args["detail"]}", issue.Message);
    }

    [Fact]
    public void Validate_ReportsAnInvalidChoice_WithTheLastChoiceApart_SoEachLanguageJoinsItsOwnWay()
    {
        var join = Node("j", "Elsa.FlowJoin", $"\"mode\": {Input("FlowJoinMode", "Literal", Quote("WaitSome"))}");

        var issue = Assert.Single(CreateValidator().ValidateJson(Flow($"{Start()}, {join}", Connect("start", "j"))));

        Assert.Equal("choice-invalid", issue.Code);
        Assert.Equal(Args(("value", "'WaitSome'"), ("choices", "WaitAny, WaitAll"), ("last", "WaitAllActive")), issue.Args.ToDictionary());
        Assert.Equal("invalid value 'WaitSome' (expected WaitAny, WaitAll or WaitAllActive)", issue.Message);
    }

    [Fact]
    public void ValidateJson_ReportsWhatTheReaderSaid_AsTheDetailOfADefinitionFormatMessage()
    {
        var issue = Assert.Single(CreateValidator().ValidateJson("""{ "id": "v1", "definitionId": "d1", "variables": [] }"""));

        Assert.Equal("definition-format", issue.Code);
        Assert.Equal(Args(("detail", "the definition has no root activity")), issue.Args.ToDictionary());
    }

    [Fact]
    public void Validate_ReportsABadDefinitionId_WithTheOffendingCharacterByCode()
    {
        var json = Flow(Start()).Replace("\"definitionId\": \"test\"", "\"definitionId\": \"a\\tb\"", StringComparison.Ordinal);

        var issue = Assert.Single(CreateValidator().ValidateJson(json));

        Assert.Equal("definitionId", issue.Path);
        Assert.Equal("id-unprintable-character", issue.Code);
        Assert.Equal(Args(("codePoint", "U+0009")), issue.Args.ToDictionary());
    }

    [Fact]
    public void Validate_ReportsAnUnreachableUnknownActivity_WithBothCodes_AsWarnings()
    {
        var issues = CreateValidator().ValidateJson(Flow($"{Start()}, {Node("lost", "Acme.Gone")}"));

        Assert.Equal(
            [
                ValidationIssue.Of(ValidationSeverity.Warning, "root.activities[1]", ValidationMessages.ActivityUnreachable("lost")),
                ValidationIssue.Of(ValidationSeverity.Warning, "root.activities[1]", ValidationMessages.ActivityTypeUnknown("Acme.Gone")),
            ],
            issues);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static IEnumerable<MethodInfo> Factories() =>
        typeof(ValidationMessages).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(ValidationMessage))
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    // Each parameter gets a value of its own, so a template that swaps two placeholders does not read the same.
    private static List<ValidationMessage> SampleEveryMessage() =>
        Factories().Select(method => (ValidationMessage)method.Invoke(null, method.GetParameters().Select(Sample).ToArray())!).ToList();

    private static object Sample(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => $"<{parameter.Name}>",
        var t when t == typeof(int) => 11 + parameter.Position,
        var t when t == typeof(long) => 21L + parameter.Position,
        var t => throw new InvalidOperationException($"no sample for a {t.Name} parameter ({parameter.Member.Name}.{parameter.Name})"),
    };

    private static Dictionary<string, string> ReadTemplates(string file) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(RepositoryPaths.Locale(file)))!;

    private static IEnumerable<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    private static string Fill(string template, IReadOnlyDictionary<string, string> args) =>
        args.Aggregate(template, (text, arg) => text.Replace("{{" + arg.Key + "}}", arg.Value, StringComparison.Ordinal));

    private static Dictionary<string, string> Args(params (string Name, string Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{(\w+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}", RegexOptions.CultureInvariant)]
    private static partial Regex Cjk();
}
