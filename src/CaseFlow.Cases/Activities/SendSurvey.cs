using System.Globalization;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Asks the case's customer how satisfied they are (CSAT, 1 to 5) and waits: continues on <c>Positive</c> or
/// <c>Negative</c> when they answer, or on <c>NoResponse</c> when the survey expires first. The survey, its
/// single-use link and the invitation are created after the burst commits, from the outbox; one reminder goes out
/// at <see cref="RemindAfter"/> if the customer has not answered by then.
/// </summary>
/// <remarks>
/// The activity holds up to three bookmarks: the answer (its stimulus is the survey id, so the public answer page
/// can resume it without knowing the instance) and two timers, the reminder and the expiry. Resuming one burns only
/// that one, so after the reminder the activity keeps waiting on the other two; completing removes what is left.
/// </remarks>
[Activity("CaseFlow.SendSurvey", Category = "Case", DisplayName = "Send Survey", Description = "Sends the customer a satisfaction survey and waits for the answer, with one reminder and an expiry.", Kind = ActivityKind.Task)]
[Outcomes(Positive, Negative, NoResponse)]
public sealed class SendSurvey : Activity
{
    public const string BookmarkName = "CaseFlow.SendSurvey";
    public const string ReminderBookmarkName = "CaseFlow.SendSurvey.Reminder";
    public const string ExpiryBookmarkName = "CaseFlow.SendSurvey.Expiry";

    public const string Positive = "Positive";
    public const string Negative = "Negative";
    public const string NoResponse = "NoResponse";

    /// <summary>What an unset question asks (Liquid, rendered in the workflow's scope).</summary>
    public const string DefaultQuestion = "How satisfied are you with how we handled case {{ Input.caseNumber }}?";

    [Input(Description = "How to reach the customer: auto (email if known, else SMS), email or sms; falls back to the other, then to the message log.", UIHint = UIHints.Dropdown, Options = ["auto", "email", "sms"], DefaultValue = "auto", Order = 0)]
    public Input<string> Channel { get; } = new();

    [Input(Description = "The question (Liquid). Empty: \"" + DefaultQuestion + "\"", UIHint = UIHints.SingleLine, DefaultSyntax = "Liquid", Order = 1)]
    public Input<string> Question { get; } = new();

    [Input(DisplayName = "Remind after", Description = "When to remind a customer who has not answered (e.g. 2.00:00:00). Empty, or not before the expiry: no reminder.", DefaultValue = "2.00:00:00", Order = 2)]
    public Input<TimeSpan?> RemindAfter { get; } = new();

    [Input(DisplayName = "Expires in", Description = "How long the link works; then the activity continues on NoResponse (e.g. 7.00:00:00).", DefaultValue = "7.00:00:00", Order = 3)]
    public Input<TimeSpan?> ExpiresIn { get; } = new();

    [Input(DisplayName = "Positive at least", Description = "The lowest score (1 to 5) that counts as positive.", DefaultValue = 4, Order = 4)]
    public Input<int> PositiveAtLeast { get; } = new();

    [Output(Description = "The customer's score, 1 (very dissatisfied) to 5 (very satisfied).")]
    public Output<int> Score { get; } = new();

    [Output(Description = "The customer's comment, if any.")]
    public Output<string> Comment { get; } = new();

    private static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(7);

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var channel = (context.Get(Channel) is { Length: > 0 } c ? c.Trim() : "auto").ToLowerInvariant();
        if (channel is not ("auto" or "email" or "sms"))
            throw new ActivityFaultException($"SendSurvey: channel '{channel}' is not one of auto, email, sms");
        var question = context.Get(Question) is { } q && !string.IsNullOrWhiteSpace(q)
            ? q.Trim()
            : ValueConverter.ToText(context.EvaluateExpression(new Expression(ExpressionTypes.Liquid, JsonValue.Create(DefaultQuestion)))).Trim();
        var expiresIn = context.Get(ExpiresIn) ?? DefaultExpiry;
        if (expiresIn <= TimeSpan.Zero)
            throw new ActivityFaultException($"SendSurvey: expiresIn must be positive, not {expiresIn.ToString("c", CultureInfo.InvariantCulture)}");
        var remindAfter = context.Get(RemindAfter) is { } r && r > TimeSpan.Zero && r < expiresIn ? r : (TimeSpan?)null;

        var now = context.Workflow.Clock.GetUtcNow();
        var expiresAt = now + expiresIn;
        var remindAt = now + remindAfter;
        var surveyId = WorkflowExecutionContext.NewId();
        context.Properties["surveyId"] = surveyId;
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["surveyId"] = surveyId },
            IncludeActivityInstanceId = false,
        });
        if (remindAt is { } remind)
        {
            context.CreateBookmark(new BookmarkOptions
            {
                Name = ReminderBookmarkName,
                Payload = new Dictionary<string, object?> { ["surveyId"] = surveyId, ["remindAt"] = Iso(remind) },
                DueAt = remind,
            });
        }

        context.CreateBookmark(new BookmarkOptions
        {
            Name = ExpiryBookmarkName,
            Payload = new Dictionary<string, object?> { ["surveyId"] = surveyId, ["expiresAt"] = Iso(expiresAt) },
            DueAt = expiresAt,
        });
        context.RecordOutput("surveyId", surveyId);
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SurveyRequested, new Dictionary<string, object?>
        {
            ["surveyId"] = surveyId,
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["channel"] = channel,
            ["question"] = question,
            ["remindAt"] = remindAt is { } at ? Iso(at) : null,
            ["expiresAt"] = Iso(expiresAt),
        }));
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bookmark = context.ResumedBookmark;
        var surveyId = bookmark?.Payload.GetValueOrDefault("surveyId") as string ?? context.Properties.GetValueOrDefault("surveyId") as string;
        switch (bookmark?.Name)
        {
            case ReminderBookmarkName:
                // Only the reminder's own bookmark burned: the answer and the expiry still wait.
                context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SurveyReminder, new Dictionary<string, object?> { ["surveyId"] = surveyId }));
                return default;
            case ExpiryBookmarkName:
                context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SurveyExpired, new Dictionary<string, object?> { ["surveyId"] = surveyId }));
                context.Complete(NoResponse);
                return default;
        }

        var input = ValueConverter.ToPlain(context.ResumeInput) as IDictionary<string, object?> ?? new Dictionary<string, object?>();
        var score = ReadScore(input.TryGetValue("score", out var given) ? given : null);
        var comment = input.TryGetValue("comment", out var text) && text is not null ? ValueConverter.ToText(text) : null;
        context.SetOutput(Score, score);
        context.SetOutput(Comment, string.IsNullOrWhiteSpace(comment) ? null : comment);
        context.Complete(score >= context.Get(PositiveAtLeast) ? Positive : Negative);
        return default;
    }

    private static int ReadScore(object? value)
    {
        int? score;
        try
        {
            score = ValueConverter.Convert<int?>(value);
        }
        catch (InvalidCastException)
        {
            score = null;
        }

        return score is >= 1 and <= 5
            ? score.Value
            : throw new ActivityFaultException($"SendSurvey was answered without a score from 1 to 5 ({ValueConverter.ToText(value)})");
    }

    private static string Iso(DateTimeOffset value) => value.ToString("o", CultureInfo.InvariantCulture);
}
