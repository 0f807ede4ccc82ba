using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Cli;

public class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ExitsWithZero_WhenEveryFileInTheFolderIsValid()
    {
        var result = await CaseFlowProcess.RunAsync("validate", CaseFlowProcess.Workflow(Path.Combine("validate", "valid")));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 file(s), 0 error(s)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PrintsEachErrorWithItsLocation_AndExitsWithOne()
    {
        var file = CaseFlowProcess.Workflow(Path.Combine("validate", "invalid", "bad-script.json"));

        var result = await CaseFlowProcess.RunAsync("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error root.activities[3].condition: JavaScript syntax error at 1:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("root.connections[3].target", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'ghost'", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AcceptsFilesAndFoldersTogether()
    {
        var result = await CaseFlowProcess.RunAsync(
            "validate",
            CaseFlowProcess.Workflow(Path.Combine("validate", "valid")),
            CaseFlowProcess.Workflow(Path.Combine("validate", "invalid", "bad-script.json")));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("3 file(s)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ReportsMalformedJsonAsAnError()
    {
        var result = await CaseFlowProcess.RunAsync("validate", CaseFlowProcess.Workflow("malformed.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid JSON at line 1", result.StandardOutput, StringComparison.Ordinal);
    }

    // Issue 9: 20,000 nested ifs overflowed DotLiquid's parser and killed the process (exit 134, no report at all).
    [Fact]
    public async Task Validate_ReportsALiquidTemplateNested20000Deep_AsALocatedError_InsteadOfCrashing()
    {
        using var temp = new TempDirectory();
        var template = new System.Text.StringBuilder().Insert(0, "{% if true %}", 20_000).Append('x').Insert(20_001 * 13 - 12, "{% endif %}", 20_000).ToString();
        var definition = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "deep",
            ["definitionId"] = "deep",
            ["root"] = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "flow",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["id"] = "say",
                    ["type"] = "Elsa.WriteLine",
                    ["customProperties"] = new System.Text.Json.Nodes.JsonObject { ["canStartWorkflow"] = true },
                    ["text"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["typeName"] = "String",
                        ["expression"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Liquid", ["value"] = template },
                    },
                }),
            },
        };
        var file = Path.Combine(temp.Path, "deep.json");
        await File.WriteAllTextAsync(file, definition.ToJsonString());

        var result = await CaseFlowProcess.RunAsync("validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error root.activities[0].text: Liquid", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Liquid template nests deeper than 100 blocks", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 file(s), 1 error(s)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ExitsWithTwo_WhenAPathDoesNotExist()
    {
        var result = await CaseFlowProcess.RunAsync("validate", "no-such-folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder", result.StandardError, StringComparison.Ordinal);
    }
}
