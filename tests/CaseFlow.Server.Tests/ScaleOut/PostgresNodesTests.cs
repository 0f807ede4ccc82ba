using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Cases.Features.Live;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Startup;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.ScaleOut;

/// <summary>
/// CaseFlow on PostgreSQL as several nodes: two hosts as <c>Program</c> builds them (real HTTP, real Hangfire on
/// Hangfire.PostgreSql) over one database. A complaint is worked alternately on both nodes from intake to archive,
/// with one survey sent; a save on one node reaches the other node's open screens; no SQLite file appears.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PostgresNodesTests : IDisposable
{
    private static readonly TimeSpan Patience = CaseApi.Patience;
    private readonly TempDirectory _temp = new();
    private readonly AdjustableClock _clock = new();
    private readonly SentMessages _sms = new("sms"); // the customer gave a phone only
    private readonly List<ProgramHost> _nodes = [];

    // The keys every node shares (a token from one node is good on the other; either node rebuilds a survey link).
    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
    private static readonly string LinkKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    internal static Dictionary<string, string> PostgresSettings(string connectionString) => new()
    {
        [DependencyInjection.ProviderKey] = "Postgres",
        ["ConnectionStrings:CaseFlow"] = connectionString,
        ["CaseFlow:Auth:SigningKey"] = SigningKey,
        ["CaseFlow:Surveys:LinkKey"] = LinkKey,
    };

    [PostgresFact]
    public async Task AComplaint_WorkedAlternatelyOnTwoNodes_ReachesItsArchive_WithOneSurvey_AndEveryRowInPostgres()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var a = StartNode("a", connectionString);
        var b = StartNode("b", connectionString);
        using var agentA = await a.ClientAsync("agent");
        using var agentB = await b.ClientAsync("agent");
        using var supervisorB = await b.ClientAsync("supervisor");

        var caseId = (await CaseApi.FileAsync(agentA, description: "The promotion price was not applied to order 7781.")).Text("id");
        await CaseApi.CompleteAsync(agentB, caseId, "available", "classify", "Classified", new { category = "price" });
        await CaseApi.CompleteAsync(agentA, caseId, "mine", "initialHandling", "Resolved", new { initialResult = "Explained the promotion terms." });
        await CaseApi.CompleteAsync(agentB, caseId, "mine", "priceCheck", "Done", new { priceCheck = "The discount was missing from the checkout." });
        await CaseApi.CompleteAsync(agentA, caseId, "mine", "resolve", "Resolved", new { resolution = "Refunded the difference.", customerOpinion = "Make promotions clearer." });
        await CaseApi.CompleteAsync(agentB, caseId, "mine", "feedback", "FedBack", new { feedbackChannel = "phone", customerSatisfied = true });
        await CaseApi.CompleteAsync(supervisorB, caseId, "available", "resultToDepartments", "Reviewed", new { departmentReview = "Promotion checks added." });

        // The follow-up waits a day: a timer, fired by whichever node's Hangfire takes it.
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await CaseApi.CompleteAsync(agentA, caseId, "mine", "followUp", "Done", new { followUpNote = "The refund arrived." });

        string? link = null;
        await Wait.UntilAsync(() => (link = _sms.SurveyLink()) is not null, Patience, "the survey invitation was sent");
        using var customer = b.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync(link!, new { score = 5, comment = "Quick." })).StatusCode);
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(agentA, $"/api/cases/{caseId}")).Text("status") == "Archived", Patience, "the case was archived");

        Assert.Single(_sms.All, m => m.Body.Contains("/s/", StringComparison.Ordinal)); // one survey, though two nodes deliver the outbox
        await using var db = await a.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync();
        Assert.True(db.Database.IsNpgsql());
        Assert.Equal(1, await db.Cases.CountAsync(c => c.Id == caseId));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(o => o.DispatchedAt == null));
        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "*.db", SearchOption.AllDirectories));
    }

    [PostgresFact]
    public async Task ASaveOnOneNode_ReachesTheOtherNodesOpenScreens()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var a = StartNode("a", connectionString);
        var b = StartNode("b", connectionString);
        await Wait.UntilAsync(() => a.Get<PostgresLiveRelay>().Listening && b.Get<PostgresLiveRelay>().Listening, Patience, "both nodes listen");
        using var screenOnB = b.Get<LiveUpdates>().Subscribe();
        using var agentA = await a.ClientAsync("agent");

        var caseId = (await CaseApi.FileAsync(agentA)).Text("id");

        var seen = new List<LiveChange>();
        await Wait.UntilAsync(() =>
        {
            while (screenOnB.Changes.TryRead(out var change))
                seen.Add(change);
            return seen.Any(c => c.Kind == LiveChange.Task && c.CaseId == caseId);
        }, Patience, "node b's screen heard of the task node a's workflow handed out");
        Assert.Contains(seen, c => c.Kind == LiveChange.Case && c.Id == caseId);
        Assert.True(b.Get<PostgresLiveRelay>().Received > 0);
    }

    [Fact]
    public void PostgresWithoutAConnectionString_StopsTheStart_SayingWhatIsMissing()
    {
        var data = _temp.Sub("no-connection-string");
        var settings = PostgresSettings("");
        settings.Remove("ConnectionStrings:CaseFlow");

        var error = Assert.ThrowsAny<Exception>(() => ProgramHost.Start(data, settings: settings).Dispose());

        Assert.Contains("ConnectionStrings:CaseFlow is not set", StartFailure.Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "caseflow.db")));
    }

    [Fact]
    public void PostgresWithoutSharedKeys_StopsTheStart_NamingThem()
    {
        var data = _temp.Sub("no-keys");
        var settings = PostgresSettings("Host=127.0.0.1;Port=9;Database=caseflow");
        settings.Remove("CaseFlow:Surveys:LinkKey");

        var error = Assert.ThrowsAny<Exception>(() => ProgramHost.Start(data, settings: settings).Dispose());

        Assert.Contains("every node must use the same keys: set CaseFlow:Surveys:LinkKey", StartFailure.Messages(error), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AnUnreachablePostgres_StopsTheStart_NamingWhereItLooked_NeverThePassword()
    {
        var data = _temp.Sub("unreachable");
        // Port 9 on loopback: nothing listens there (discard), so the connection is refused at once.
        var settings = PostgresSettings("Host=127.0.0.1;Port=9;Database=caseflow;Username=caseflow;Password=s3cret-Pa55;Timeout=3");
        settings[DependencyInjection.ProviderKey] = "postgres";

        var error = Assert.ThrowsAny<Exception>(() => ProgramHost.Start(data, settings: settings).Dispose());

        var messages = StartFailure.Messages(error);
        Assert.Contains("CaseFlow cannot use its PostgreSQL database 127.0.0.1:9/caseflow (ConnectionStrings:CaseFlow)", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pa55", messages, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "caseflow.db")));
    }

    private ProgramHost StartNode(string name, string connectionString)
    {
        var node = ProgramHost.Start(_temp.Sub(name), RepositoryPaths.Workflows, s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<CaseFlow.Cases.Features.Notifications.INotificationChannel>(_sms);
        }, PostgresSettings(connectionString));
        _nodes.Add(node);
        return node;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
            node.Dispose();
        _temp.Dispose();
    }
}
