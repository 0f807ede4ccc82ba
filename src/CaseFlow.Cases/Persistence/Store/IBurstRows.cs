using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// Rows of CaseFlow's own tables that a burst's outbox messages stand for, written in the burst's own transaction so
/// that they exist the moment the burst does. A HumanTask's task is then in the inbox when the intake that started
/// the workflow answers, instead of after the relay has delivered the message that asks for it.
/// </summary>
/// <remarks>
/// The messages are still written and delivered: their handlers find the rows and do only what is left, so a source
/// that gives no rows (it cannot read what it needs) loses nothing. A source reads before the transaction begins,
/// never inside it: the rows are inserted as they are, beside the burst's own (<see cref="InstanceWriter"/>).
/// </remarks>
public interface IBurstRows
{
    /// <summary>Entities of the model to insert with <paramref name="commit"/>; empty when its messages ask for none.</summary>
    ValueTask<IReadOnlyList<object>> RowsForAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>The bursts were committed with these rows (all sources' rows: each takes its own).</summary>
    void Committed(IReadOnlyList<object> rows);
}
