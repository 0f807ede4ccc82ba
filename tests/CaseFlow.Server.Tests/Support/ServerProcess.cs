using System.Diagnostics;
using System.Text;

namespace CaseFlow.Server.Tests.Support;

/// <summary>
/// The real <c>caseflow</c> server as a child process on a data folder (in-memory Hangfire storage, the sweep every
/// second, quiet logs). <see cref="Kill"/> sends SIGKILL to the process tree: no shutdown code runs, like a crash.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string dataDirectory, string workflowsDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caseflow.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["CaseFlow__DataDirectory"] = dataDirectory;
        start.Environment["CaseFlow__WorkflowsDirectory"] = workflowsDirectory;
        start.Environment["CaseFlow__Jobs__TimerSweepInterval"] = "00:00:01";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, isError: true);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="environment">More settings (<c>CaseFlow__Jobs__…</c>, log levels); they win over the defaults above.</param>
    public static ServerProcess Start(string dataDirectory, string workflowsDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        new(dataDirectory, workflowsDirectory, environment);

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (<c>dotnet caseflow.dll</c> runs the server in the host process itself).</summary>
    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Waits until Kestrel listens, which is after the start-up recovery ran.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_listening.Task, Task.Delay(timeout));
        if (finished != _listening.Task)
            Assert.Fail($"The server did not start within {timeout.TotalSeconds:0} s. Output:\n{Output}");
    }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Collect(string? line, bool isError)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Append(isError ? "err: " : "").AppendLine(line);
        if (line.StartsWith("CaseFlow listening on", StringComparison.Ordinal))
            _listening.TrySetResult();
    }
}
