using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Publishes an event inside a test run: every instance of the run waiting for it resumes with the payload (the
/// answer's last action says how many). It reaches nothing outside the run and starts no other workflow.
/// </summary>
public sealed record PublishTestRunEvent(string RunId, string? EventName, object? Payload, Actor Actor);

public sealed class PublishTestRunEventHandler(TestRunStore runs)
{
    /// <exception cref="ValidationException">Naming <c>eventName</c> when there is none.</exception>
    /// <exception cref="NotFoundException">No such run for the actor.</exception>
    public Task<TestRunView> HandleAsync(PublishTestRunEvent request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.EventName))
            throw ValidationException.For("eventName", "The event name is required.");
        var eventName = request.EventName;
        return runs.Find(request.RunId, request.Actor).CallAsync(async sandbox =>
        {
            var resumed = await sandbox.PublishAsync(eventName, request.Payload);
            return new TestRunAction("event", eventName, resumed);
        }, cancellationToken);
    }
}
