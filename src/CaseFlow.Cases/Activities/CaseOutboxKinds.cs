namespace CaseFlow.Cases.Activities;

/// <summary>The outbox message kinds CaseFlow's activities write; their handlers live in the features that own them.</summary>
public static class CaseOutboxKinds
{
    /// <summary>A <c>CaseFlow.HumanTask</c> began waiting: create the task row (idempotent by task id).</summary>
    public const string TaskCreated = "CaseFlow.TaskCreated";

    /// <summary>A <c>CaseFlow.SetCase</c> changed the case.</summary>
    public const string CaseUpdated = "CaseFlow.CaseUpdated";
}
