namespace CaseFlow.Workflows.Runtime;

/// <summary>Where <c>Elsa.WriteLine</c> writes. The CLI collects lines; servers log them.</summary>
public interface IWorkflowConsole
{
    void WriteLine(string instanceId, string text);
}

/// <summary>Discards output (benchmarks).</summary>
public sealed class NullWorkflowConsole : IWorkflowConsole
{
    public static readonly NullWorkflowConsole Instance = new();

    public void WriteLine(string instanceId, string text) { }
}

/// <summary>Keeps every line in order, across instances (parents and children of one run).</summary>
public sealed class CollectingWorkflowConsole : IWorkflowConsole
{
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
                return _lines.ToList();
        }
    }

    public void WriteLine(string instanceId, string text)
    {
        lock (_lock)
            _lines.Add(text);
    }
}
