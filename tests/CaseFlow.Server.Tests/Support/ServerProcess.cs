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

    private ServerProcess(string dataDirectory, string workflowsDirectory, IReadOnlyDictionary<string, string>? environment, string? urls)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caseflow.dll"));
        if (urls is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(urls);
        }

        start.Environment["CaseFlow__DataDirectory"] = dataDirectory;
        start.Environment["CaseFlow__WorkflowsDirectory"] = workflowsDirectory;
        start.Environment["CaseFlow__Jobs__TimerSweepInterval"] = "00:00:01";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // A test's own listen settings only: none inherited from the test run's environment.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, isError: true);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="environment">Extra environment variables (listen settings, configuration).</param>
    /// <param name="urls">The <c>--urls</c> argument (default a free loopback port); null passes none.</param>
    public static ServerProcess Start(string dataDirectory, string workflowsDirectory, IReadOnlyDictionary<string, string>? environment = null, string? urls = "http://127.0.0.1:0") =>
        new(dataDirectory, workflowsDirectory, environment, urls);

    /// <summary>The addresses the server printed as its listening ones (the bound addresses).</summary>
    public IReadOnlyList<string> ListeningOn
    {
        get
        {
            const string Prefix = "CaseFlow listening on ";
            return [.. Output.Split('\n')
                .Where(l => l.StartsWith(Prefix, StringComparison.Ordinal))
                .Select(l => l[Prefix.Length..].Split(' ')[0])];
        }
    }

    /// <summary>Whether the process has ended; true once disposed (another thread may hold this object a moment longer).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return Volatile.Read(ref _disposed) || _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true; // disposed between the two reads
            }
        }
    }

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

    private bool _disposed;

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
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
