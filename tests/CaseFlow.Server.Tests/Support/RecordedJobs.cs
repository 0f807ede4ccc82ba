using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace CaseFlow.Server.Tests.Support;

// Hangfire's storages set a process-wide log provider bound to whichever host started last; a recording client
// keeps these tests out of that.
internal sealed class RecordedJobs : IBackgroundJobClient
{
    public System.Collections.Concurrent.ConcurrentQueue<(Job Job, IState State)> Created { get; } = new();

    /// <summary>When set, every job is refused with it (a job storage that is down).</summary>
    public Exception? Refusal { get; set; }

    public string Create(Job job, IState state)
    {
        if (Refusal is not null)
            throw Refusal;
        Created.Enqueue((job, state));
        return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
