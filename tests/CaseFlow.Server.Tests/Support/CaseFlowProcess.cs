using System.Diagnostics;

namespace CaseFlow.Server.Tests.Support;

/// <summary>Runs the real <c>caseflow</c> executable (built next to the tests) as a child process.</summary>
internal static class CaseFlowProcess
{
    public static async Task<ProcessResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caseflow.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static string Workflow(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "Workflows", name);
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
