using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Flowchart;

/// <summary>
/// The static shape of one flowchart for one start activity, computed once and shared by all instances:
/// outbound connections per activity (in definition order), the forward connections (a breadth-first walk from
/// the start that drops every edge closing a cycle), forward inbound connections per activity, and which
/// connections are loop back-edges.
/// </summary>
/// <remarks>
/// A back edge is valid only if every forward path from its source back to the start passes through its
/// target (a proper loop); following an invalid one faults the flowchart, as in Elsa.
/// </remarks>
internal sealed class FlowGraph
{
    public FlowGraph(ActivityPlan flowchart, int startIndex)
    {
        var children = flowchart.Children;
        ActivityCount = children.Count;
        StartIndex = startIndex;
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < children.Count; i++)
            indexById.TryAdd(children[i].Id, i);

        // Connections whose ends are missing are dropped (Elsa logs and drops them too).
        var connections = new List<(int Source, int Target, string Port, Connection Definition)>();
        foreach (var c in flowchart.Node.Connections ?? [])
        {
            if (indexById.TryGetValue(c.Source.Activity, out var s) && indexById.TryGetValue(c.Target.Activity, out var t))
                connections.Add((s, t, c.Source.Port, c));
        }

        ConnectionCount = connections.Count;
        Sources = connections.Select(c => c.Source).ToArray();
        Targets = connections.Select(c => c.Target).ToArray();
        Ports = connections.Select(c => c.Port).ToArray();

        var outbound = new List<int>[ActivityCount];
        var anyInbound = new bool[ActivityCount];
        for (var i = 0; i < ActivityCount; i++)
            outbound[i] = [];
        for (var c = 0; c < ConnectionCount; c++)
        {
            outbound[Sources[c]].Add(c);
            anyInbound[Targets[c]] = true;
        }

        Outbound = outbound.Select(l => l.ToArray()).ToArray();
        HasAnyInbound = anyInbound;

        var forward = startIndex < 0 ? new bool[ConnectionCount] : ComputeForward(startIndex);
        IsForward = forward;
        var forwardInbound = new List<int>[ActivityCount];
        for (var i = 0; i < ActivityCount; i++)
            forwardInbound[i] = [];
        for (var c = 0; c < ConnectionCount; c++)
        {
            if (forward[c])
                forwardInbound[Targets[c]].Add(c);
        }

        ForwardInbound = forwardInbound.Select(l => l.ToArray()).ToArray();
        BackEdgeValid = new bool[ConnectionCount];
        for (var c = 0; c < ConnectionCount; c++)
        {
            if (!forward[c])
                BackEdgeValid[c] = IsValidBackEdge(c);
        }
    }

    public int ActivityCount { get; }
    public int ConnectionCount { get; }
    public int StartIndex { get; }
    public int[] Sources { get; }
    public int[] Targets { get; }
    public string[] Ports { get; }
    public int[][] Outbound { get; }
    public int[][] ForwardInbound { get; }
    public bool[] IsForward { get; }
    public bool[] BackEdgeValid { get; }
    public bool[] HasAnyInbound { get; }

    /// <summary>Not the start and no forward connection leads to it: it can never run in this flowchart.</summary>
    public bool IsDangling(int activity) => activity != StartIndex && ForwardInbound[activity].Length == 0;

    /// <summary>The activities from which a forward path leads to <paramref name="activity"/>.</summary>
    public HashSet<int> Ancestors(int activity)
    {
        var result = new HashSet<int>();
        var queue = new Queue<int>();
        queue.Enqueue(activity);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var c in ForwardInbound[current])
            {
                if (result.Add(Sources[c]))
                    queue.Enqueue(Sources[c]);
            }
        }

        return result;
    }

    private bool[] ComputeForward(int start)
    {
        var forward = new bool[ConnectionCount];
        var edgeTaken = new HashSet<(int, int)>();
        var adjacency = new List<int>[ActivityCount];
        for (var i = 0; i < ActivityCount; i++)
            adjacency[i] = [];
        var visited = new bool[ActivityCount];
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var source = queue.Dequeue();
            visited[source] = true;
            foreach (var c in Outbound[source])
            {
                var target = Targets[c];
                if (edgeTaken.Contains((source, target)))
                    continue;
                if (HasPath(adjacency, target, source))
                    continue;
                edgeTaken.Add((source, target));
                adjacency[source].Add(target);
                if (!visited[target])
                    queue.Enqueue(target);
            }
        }

        // Every connection between a kept (source, target) pair is forward, whatever its port.
        for (var c = 0; c < ConnectionCount; c++)
            forward[c] = edgeTaken.Contains((Sources[c], Targets[c]));
        return forward;
    }

    private bool HasPath(List<int>[] adjacency, int from, int to)
    {
        if (from == to)
            return true;
        var seen = new bool[ActivityCount];
        var stack = new Stack<int>();
        stack.Push(from);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == to)
                return true;
            if (seen[current])
                continue;
            seen[current] = true;
            foreach (var next in adjacency[current])
            {
                if (!seen[next])
                    stack.Push(next);
            }
        }

        return false;
    }

    // Valid when every forward path from the back edge's source to the start passes through its target.
    private bool IsValidBackEdge(int connection)
    {
        if (StartIndex < 0)
            return false;
        var target = Targets[connection];
        var source = Sources[connection];
        var seen = new bool[ActivityCount];
        var stack = new Stack<int>();
        stack.Push(source);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == target)
                continue;
            if (current == StartIndex)
                return false;
            if (seen[current])
                continue;
            seen[current] = true;
            foreach (var c in ForwardInbound[current])
                stack.Push(Sources[c]);
        }

        return true;
    }
}
