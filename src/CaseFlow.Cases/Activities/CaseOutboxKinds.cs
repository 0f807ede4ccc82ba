namespace CaseFlow.Cases.Activities;

/// <summary>The outbox message kinds CaseFlow's activities write; their handlers live in the features that own them.</summary>
public static class CaseOutboxKinds
{
    /// <summary>A <c>CaseFlow.HumanTask</c> began waiting: the task row (written with the burst, or created on delivery; idempotent by task id).</summary>
    public const string TaskCreated = "CaseFlow.TaskCreated";

    /// <summary>A <c>CaseFlow.SetCase</c> changed the case.</summary>
    public const string CaseUpdated = "CaseFlow.CaseUpdated";

    /// <summary>SLA clocks (<c>CaseFlow.SlaTimer</c>): started, stopped in time, breached.</summary>
    public const string SlaStarted = "CaseFlow.SlaStarted";
    public const string SlaStopped = "CaseFlow.SlaStopped";
    public const string SlaBreached = "CaseFlow.SlaBreached";

    /// <summary>A <c>CaseFlow.ScheduleFollowUp</c> set its follow-up's date.</summary>
    public const string FollowUpScheduled = "CaseFlow.FollowUpScheduled";

    /// <summary>A <c>CaseFlow.OpenCase</c> files a linked case (e.g. a follow-up case after a negative survey).</summary>
    public const string OpenCase = "CaseFlow.OpenCase";

    /// <summary>A <c>CaseFlow.SetEmergency</c> moved an emergency on: stage, level, red flag, command, termination.</summary>
    public const string EmergencyUpdated = "CaseFlow.EmergencyUpdated";

    /// <summary>A <c>CaseFlow.RaiseEmergency</c> raises an emergency for the case (once per case) and links the case to it.</summary>
    public const string RaiseEmergency = "CaseFlow.RaiseEmergency";

    /// <summary>A <c>CaseFlow.Notify</c> asked to send a message (idempotent by its key).</summary>
    public const string Notify = "CaseFlow.Notify";

    /// <summary>A <c>CaseFlow.SendSurvey</c> began waiting: create the survey and send its invitation (idempotent by survey id).</summary>
    public const string SurveyRequested = "CaseFlow.SurveyRequested";

    /// <summary>A <c>CaseFlow.SendSurvey</c>'s reminder time came and it is still waiting: remind the customer once.</summary>
    public const string SurveyReminder = "CaseFlow.SurveyReminder";

    /// <summary>A <c>CaseFlow.SendSurvey</c> stopped waiting without an answer.</summary>
    public const string SurveyExpired = "CaseFlow.SurveyExpired";

    /// <summary>A <c>CaseFlow.HoldForEmergency</c> began holding a case back for active emergencies: note it on the links and the timeline.</summary>
    public const string CaseHeld = "CaseFlow.CaseHeld";

    /// <summary>A <c>CaseFlow.SendDrillReport</c>: compose the drill's summary report and send it to the leadership, once.</summary>
    public const string DrillReport = "CaseFlow.DrillReport";

    /// <summary>A <c>CaseFlow.RecordQaFindings</c> finding: store it once and start the agent's rectification.</summary>
    public const string QaFinding = "CaseFlow.QaFinding";
}
