using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Flowchart;

/// <summary>
/// Elsa's flowchart in its default counter-based mode.
/// </summary>
/// <remarks>
/// <para><b>Start.</b> The trigger activity of the run, else the first <c>Elsa.Start</c>, else the first activity with
/// <c>canStartWorkflow</c>, else the first activity with no inbound connection, else the first activity.</para>
/// <para><b>Routing.</b> A completed activity's outbound connections are visited in definition order; a connection is
/// followed when its source port is one of the activity's outcomes.</para>
/// <para><b>Joins.</b> A target with several forward inbound connections runs once all of them were visited, if at
/// least one was followed (WaitAllActive); otherwise it is skipped and the skip spreads downstream. An
/// <c>Elsa.FlowJoin</c> may ask for WaitAll (all followed) or WaitAny (first followed wins, the other inbound
/// branches are cancelled, later arrivals ignored).</para>
/// <para><b>Loops.</b> A followed back edge re-runs its target directly, without counting a visit.</para>
/// <para><b>Completion.</b> A terminal activity (End, Finish, Complete) completes the flowchart at once; otherwise it
/// completes when no child is running and nothing of it is queued.</para>
/// </remarks>
[Activity("Elsa.Flowchart", Category = "Workflows", Description = "A flowchart: activities connected by outcome ports.", IsBrowsable = false)]
public sealed class Flowchart : Activity
{
    private const string ScopeProperty = "FlowScope";
    private const string StartProperty = "FlowStart";
    private static readonly object GraphsKey = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = GetStartIndex(context);
        if (start < 0)
        {
            context.Complete();
            return default;
        }

        context.Properties[StartProperty] = start;
        context.ScheduleChild(context.Plan.Children[start]);
        return default;
    }

    public override void OnChildCompleted(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(child);
        if (child.Status != ActivityStatus.Completed)
            return;
        if (child.Activity.Descriptor.IsTerminal)
        {
            context.Complete();
            return;
        }

        var graph = GetGraph(context);
        var scope = GetScope(context, graph);
        var index = IndexOf(context.Plan, child.Plan);
        var scheduled = ScheduleOutbound(graph, scope, context, index, child.CompletedOutcomes, child.ScheduledByBackwardConnection);
        if (!scheduled)
            CompleteIfNoPendingWork(context);
    }

    public override void OnChildEnded(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(child);
        var scheduled = false;
        if (child.Status == ActivityStatus.Canceled)
        {
            // A cancelled branch counts as visited-not-followed, so joins below it can still decide.
            var graph = GetGraph(context);
            scheduled = ScheduleOutbound(graph, GetScope(context, graph), context, IndexOf(context.Plan, child.Plan), Outcomes.None, child.ScheduledByBackwardConnection);
        }

        if (!scheduled && context.Status == ActivityStatus.Running)
            CompleteIfNoPendingWork(context);
    }

    private static void CompleteIfNoPendingWork(ActivityExecutionContext context)
    {
        if (context.Status == ActivityStatus.Running && !context.Workflow.HasPendingWork(context))
            context.Complete();
    }

    private static bool ScheduleOutbound(FlowGraph graph, FlowScope scope, ActivityExecutionContext context, int activity, IReadOnlyList<string> outcomes, bool byBackwardConnection)
    {
        if (graph.IsDangling(activity))
            throw new InvalidOperationException($"Activity {context.Plan.Children[activity].Id} is not reachable from the flowchart's start; its outbound activities cannot be scheduled.");

        if (!byBackwardConnection)
            scope.ActivityVisits[activity]++;

        var scheduled = false;
        foreach (var connection in graph.Outbound[activity])
        {
            var followed = Contains(outcomes, graph.Ports[connection]);
            scope.ConnectionVisits[connection]++;
            scope.LastFollowed[connection] = followed;
            var target = graph.Targets[connection];

            if (!graph.IsForward[connection])
            {
                if (!followed)
                    continue;
                if (!graph.BackEdgeValid[connection])
                    throw new InvalidOperationException($"Invalid loop: every path from '{context.Plan.Children[activity].Id}' back to the start must go through '{context.Plan.Children[target].Id}'.");
                context.ScheduleChild(context.Plan.Children[target], backwardConnection: true);
                scheduled = true;
                continue;
            }

            scheduled |= ScheduleTarget(graph, scope, context, connection, target);
        }

        return scheduled;
    }

    private static bool ScheduleTarget(FlowGraph graph, FlowScope scope, ActivityExecutionContext context, int connection, int target)
    {
        var targetPlan = context.Plan.Children[target];
        var mode = targetPlan.Activity is FlowJoin ? FlowJoin.GetMode(targetPlan, context) : FlowJoinMode.WaitAllActive;
        switch (mode)
        {
            case FlowJoinMode.WaitAll:
                if (!scope.AllInboundVisited(graph, target))
                    return false;
                return scope.AllInboundFollowed(graph, target)
                    ? Schedule(context, targetPlan)
                    : ScheduleOutbound(graph, scope, context, target, Outcomes.None, false);

            case FlowJoinMode.WaitAny:
                if (scope.ShouldIgnore(connection, target) || context.Workflow.IsScheduled(targetPlan, context))
                    return false;
                if (scope.AnyInboundFollowed(graph, target))
                {
                    Schedule(context, targetPlan);
                    CancelInboundBranches(graph, context, target);
                    return true;
                }

                return scope.AllInboundVisited(graph, target) && ScheduleOutbound(graph, scope, context, target, Outcomes.None, false);

            default:
                if (!scope.AllInboundVisited(graph, target))
                    return false;
                return scope.AnyInboundFollowed(graph, target)
                    ? Schedule(context, targetPlan)
                    : ScheduleOutbound(graph, scope, context, target, Outcomes.None, false);
        }
    }

    private static bool Schedule(ActivityExecutionContext context, ActivityPlan target)
    {
        context.ScheduleChild(target);
        return true;
    }

    // WaitAny: the first branch wins; branches still running towards the join are cancelled.
    private static void CancelInboundBranches(FlowGraph graph, ActivityExecutionContext context, int join)
    {
        var ancestors = graph.Ancestors(join);
        foreach (var child in context.ChildContexts.ToArray())
        {
            if (child.Status == ActivityStatus.Running && ancestors.Contains(IndexOf(context.Plan, child.Plan)))
                context.Workflow.CancelActivity(child);
        }
    }

    private static bool Contains(IReadOnlyList<string> outcomes, string port)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (string.Equals(outcomes[i], port, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private static int IndexOf(ActivityPlan flowchart, ActivityPlan child) =>
        ReferenceEquals(child.Parent, flowchart) ? child.Index : throw new InvalidOperationException($"{child.Id} is not an activity of flowchart {flowchart.Id}");

    private static int GetStartIndex(ActivityExecutionContext context)
    {
        var children = context.Plan.Children;
        if (children.Count == 0)
            return -1;
        var trigger = context.Workflow.State.TriggerActivityId;
        if (trigger is not null)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i].Id == trigger)
                    return i;
            }
        }

        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].Type == "Elsa.Start")
                return i;
        }

        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].Node.CanStartWorkflow)
                return i;
        }

        var graph = GetGraphFor(context.Plan, 0);
        for (var i = 0; i < children.Count; i++)
        {
            if (!graph.HasAnyInbound[i])
                return i;
        }

        return 0;
    }

    private static FlowGraph GetGraph(ActivityExecutionContext context)
    {
        if (context.Transient is FlowGraph cached)
            return cached;
        var graph = GetGraphFor(context.Plan, context.Properties.TryGetValue(StartProperty, out var start) && start is int or long ? Convert.ToInt32(start, System.Globalization.CultureInfo.InvariantCulture) : GetStartIndex(context));
        context.Transient = graph;
        return graph;
    }

    private static FlowGraph GetGraphFor(ActivityPlan plan, int start)
    {
        var graphs = (Dictionary<int, FlowGraph>)plan.Cache.GetValue(GraphsKey, _ => new Dictionary<int, FlowGraph>());
        lock (graphs)
        {
            if (!graphs.TryGetValue(start, out var graph))
                graphs[start] = graph = new FlowGraph(plan, start);
            return graph;
        }
    }

    private static FlowScope GetScope(ActivityExecutionContext context, FlowGraph graph)
    {
        if (context.Properties.TryGetValue(ScopeProperty, out var value))
        {
            // Restored from a snapshot, the scope arrives as plain data.
            var existing = value as FlowScope ?? FlowScope.FromPlain(value, graph);
            if (existing is not null)
            {
                context.Properties[ScopeProperty] = existing;
                return existing;
            }
        }

        FlowScope scope;
        scope = new FlowScope(graph.ActivityCount, graph.ConnectionCount);
        context.Properties[ScopeProperty] = scope;
        return scope;
    }
}
