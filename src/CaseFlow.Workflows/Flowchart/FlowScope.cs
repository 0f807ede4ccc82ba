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

    /// <summary>Rebuilds a scope from its plain (deserialized) form; null when the data does not fit the graph.</summary>
    internal static FlowScope? FromPlain(object? value, FlowGraph graph)
    {
        if (value is not IDictionary<string, object?> data)
            return null;
        var activities = Numbers(Find(data, "activityVisits"));
        var connections = Numbers(Find(data, "connectionVisits"));
        var followed = Find(data, "lastFollowed") as IList<object?>;
        if (activities.Length != graph.ActivityCount || connections.Length != graph.ConnectionCount || followed?.Count != graph.ConnectionCount)
            return null;
        return new FlowScope(0, 0)
        {
            ActivityVisits = activities,
            ConnectionVisits = connections,
            LastFollowed = followed.Select(f => f is true).ToArray(),
        };
    }

    private static object? Find(IDictionary<string, object?> data, string key) =>
        data.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static long[] Numbers(object? value) =>
        value is IList<object?> list ? list.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [];

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
