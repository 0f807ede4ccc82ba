namespace CaseFlow.Server.Tests.Support;

/// <summary>What a host that refused to start said: the messages of the exception and of everything inside it.</summary>
internal static class StartFailure
{
    public static string Messages(Exception error) =>
        string.Join(" | ", Enumerable.Repeat(error, 1).Concat(error is AggregateException a ? a.Flatten().InnerExceptions : []).SelectMany(Chain).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            yield return e;
    }
}
