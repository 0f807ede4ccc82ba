using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>A test run as it is now, for its owner or an admin (anyone else is told it does not exist).</summary>
public sealed record GetTestRun(string RunId, Actor Actor);

public sealed class GetTestRunHandler(TestRunStore runs)
{
    /// <exception cref="NotFoundException">No such run, it expired, or it is someone else's.</exception>
    public Task<TestRunView> HandleAsync(GetTestRun request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runs.Find(request.RunId, request.Actor).ReadAsync(cancellationToken);
    }
}
