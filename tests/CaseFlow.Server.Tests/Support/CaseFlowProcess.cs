using System.Diagnostics;

namespace CaseFlow.Server.Tests.Support;

/// <summary>Runs the real <c>caseflow</c> executable (built next to the tests) as a child process.</summary>
internal static class CaseFlowProcess
{
    public static Task<ProcessResult> RunAsync(params string[] args) => RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static async Task<ProcessResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caseflow.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Never leave a hung child behind a failed test.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"caseflow {string.Join(' ', args)} did not exit within 60 s");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static string Workflow(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "Workflows", name);
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
