namespace CaseFlow.Workflows.Flowchart;

/// <summary>
/// The counters of Elsa's counter-based flowchart mode, kept per flowchart execution: how often each activity
/// was visited (completed or skipped) and each connection visited, and whether its last visit was followed.
/// Indexes are those of the <see cref="FlowGraph"/> of the same definition version.
/// </summary>
public sealed class FlowScope
{
    public FlowScope(int activityCount, int connectionCount)
    {
        ActivityVisits = new long[activityCount];
        ConnectionVisits = new long[connectionCount];
        LastFollowed = new bool[connectionCount];
    }

    public long[] ActivityVisits { get; init; }
    public long[] ConnectionVisits { get; init; }
    public bool[] LastFollowed { get; init; }

    internal bool AllInboundVisited(FlowGraph graph, int activity)
    {
        var visits = ActivityVisits[activity];
        foreach (var c in graph.ForwardInbound[activity])
        {
            if (ConnectionVisits[c] <= visits)
                return false;
        }

        return true;
    }

    internal bool AnyInboundFollowed(FlowGraph graph, int activity)
    {
        var visits = ActivityVisits[activity];
        foreach (var c in graph.ForwardInbound[activity])
        {
            if (ConnectionVisits[c] > visits && LastFollowed[c])
                return true;
        }

        return false;
    }

    internal bool AllInboundFollowed(FlowGraph graph, int activity)
    {
        foreach (var c in graph.ForwardInbound[activity])
        {
            if (!LastFollowed[c])
                return false;
        }

        return true;
    }

    /// <summary>A WaitAny join ignores a connection visited no more often than the join itself ran.</summary>
    internal bool ShouldIgnore(int connection, int activity) => ConnectionVisits[connection] <= ActivityVisits[activity];
}
