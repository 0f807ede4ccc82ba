using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>Ends a test run: it is forgotten at once, and calls still waiting for it find nothing.</summary>
public sealed record DeleteTestRun(string RunId, Actor Actor);

public sealed class DeleteTestRunHandler(TestRunStore runs)
{
    /// <exception cref="NotFoundException">No such run, it expired, or it is someone else's.</exception>
    public void Handle(DeleteTestRun request)
    {
        ArgumentNullException.ThrowIfNull(request);
        runs.Delete(request.RunId, request.Actor);
    }
}
