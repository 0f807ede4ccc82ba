namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>Sandbox limits applied to every JavaScript evaluation.</summary>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock budget of one evaluation, including reading its result. Zero or less disables it.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes one evaluation may allocate (Jint counts allocations, not live memory). Zero or less disables it.</summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Maximum depth of nested script function calls. Negative disables it.</summary>
    public int RecursionLimit { get; set; } = 200;

    /// <summary>Maximum statements one evaluation may execute. Zero disables it; the time limit already bounds loops.</summary>
    public int MaxStatements { get; set; }

    /// <summary>Time zone used by <c>Date</c>; UTC keeps results independent of the server's settings.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    // Engines are expensive to build (~0.3 ms); finished runs hand theirs back for the next run to reuse.
    internal System.Collections.Concurrent.ConcurrentBag<JavaScriptSession> Pool { get; } = [];
}
