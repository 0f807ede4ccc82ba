using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Tests.Shared;

/// <summary>
/// A switch in front of the instance store: while an instance is failing, every commit that writes it throws
/// <see cref="WorkflowConcurrencyException"/>, as if another writer always saved first, so a resume exhausts its
/// retries; while it is held, its next commit waits for the test's release. Everything else passes through (a proxy:
/// it forwards whatever the store interface offers).
/// </summary>
internal sealed class CommitFailures
{
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldCommit> _held = new(StringComparer.Ordinal);
    private int _refused;

    /// <summary>How many commits were refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void FailCommitsOf(string instanceId) => _failing[instanceId] = 0;

    public void Heal(string instanceId) => _failing.TryRemove(instanceId, out _);

    /// <summary>The next commit that writes the instance waits (having signalled <see cref="HeldCommit.Reached"/>) until released.</summary>
    public HeldCommit HoldNextCommitOf(string instanceId) => _held[instanceId] = new HeldCommit();

    /// <summary>Puts the switch in front of the container's EF store (the runtime takes <see cref="IWorkflowInstanceStore"/>).</summary>
    public void AddTo(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp => Wrap(sp.GetRequiredService<EfWorkflowInstanceStore>())));

    public IWorkflowInstanceStore Wrap(IWorkflowInstanceStore inner)
    {
        var store = DispatchProxy.Create<IWorkflowInstanceStore, Proxy>();
        ((Proxy)(object)store).Init(inner, this);
        return store;
    }

    private bool Refuses(IReadOnlyList<InstanceCommit> commits)
    {
        if (!commits.Any(c => _failing.ContainsKey(c.Snapshot.State.Id)))
            return false;
        Interlocked.Increment(ref _refused);
        return true;
    }

#pragma warning disable CA1852 // DispatchProxy derives the proxy type from this class.
    internal class Proxy : DispatchProxy
#pragma warning restore CA1852
    {
        private IWorkflowInstanceStore _inner = null!;
        private CommitFailures _owner = null!;

        public void Init(IWorkflowInstanceStore inner, CommitFailures owner) => (_inner, _owner) = (inner, owner);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IWorkflowInstanceStore.CommitAsync) && args is [IReadOnlyList<InstanceCommit> commits, ..])
            {
                if (_owner.Refuses(commits))
                    return Task.FromException(new WorkflowConcurrencyException("Refused by the test: another writer saved first"));
                if (commits.Select(c => _owner._held.TryRemove(c.Snapshot.State.Id, out var held) ? held : null).FirstOrDefault(h => h is not null) is { } hold)
                    return hold.PassAsync(() => (Task)Forward(targetMethod, args)!);
            }

            return Forward(targetMethod, args);
        }

        private object? Forward(MethodInfo targetMethod, object?[]? args)
        {
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}

/// <summary>A commit stopped at the store's door until the test lets it through.</summary>
internal sealed class HeldCommit
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the commit arrived and waits.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    internal async Task PassAsync(Func<Task> commit)
    {
        _reached.TrySetResult();
        await _released.Task;
        await commit();
    }
}
