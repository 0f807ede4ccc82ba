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

    [Fact]
    public async Task Validate_ExitsWithTwo_WhenAPathDoesNotExist()
    {
        var result = await CaseFlowProcess.RunAsync("validate", "no-such-folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder", result.StandardError, StringComparison.Ordinal);
    }
}
