using System.Globalization;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Features.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Tests.Features.Surveys;

/// <summary>
/// Whoever holds a survey link answers the survey in the customer's name, so the link goes to the customer only:
/// staff read "survey sent" in the message log and the timeline, never the link, and the database holds no token.
/// </summary>
public sealed partial class SurveyLinkSecrecyTests : IAsyncLifetime
{
    private readonly RecordingChannel _email = new("email");
    private NotificationsKit _kit = null!;

    public async Task InitializeAsync() =>
        _kit = await NotificationsKit.CreateAsync(SurveyWorkflows.AfterHandling(), s => s.AddSingleton<INotificationChannel>(_email));

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task TheCustomersEmail_HasAWorkingLink_ButTheMessageLogTheTimelineAndTheDatabaseHaveNoToken()
    {
        var created = await _kit.FileAsync();

        var sent = Assert.Single(_email.Sent);
        var token = TokenIn(sent.Body);
        var details = await _kit.Get<GetCaseHandler>().HandleAsync(created.Id, CaseTestKit.Supervisor);
        var messages = await _kit.Notifications.ForCaseAsync(created.Id);
        var staffText = string.Join("\n", messages.Select(m => m.Body).Concat(details.Timeline.Select(t => $"{t.Title} {t.Detail}")));
        Assert.DoesNotContain(token, staffText, StringComparison.Ordinal);
        Assert.DoesNotContain("/s/", staffText, StringComparison.Ordinal);
        Assert.Contains(SurveyLinks.Placeholder, Assert.Single(messages, m => m.IdempotencyKey.StartsWith("survey-invite:", StringComparison.Ordinal)).Body, StringComparison.Ordinal);
        var line = Assert.Single(details.Timeline, t => t.Title == "Survey sent");
        Assert.StartsWith("by email; expires ", line.Detail, StringComparison.Ordinal);
        Assert.Equal(("sent", "email"), (line.Args!["reach"], line.Args["channel"]));
        Assert.DoesNotContain(token, string.Join(" ", line.Args.Values), StringComparison.Ordinal);
        Assert.Empty(await CellsContainingAsync(token));

        await _kit.Get<SurveyCommands>().AnswerAsync(new AnswerSurvey(token, 5, null));
        await Assert.ThrowsAsync<ConflictException>(() => _kit.Get<SurveyCommands>().AnswerAsync(new AnswerSurvey(token, 1, null)));
    }

    [Fact]
    public async Task AnInvitationRetriedFromTheStoredMessage_StillCarriesTheLink_AndGoesOutOnce()
    {
        _email.FailTimes(1);
        var created = await _kit.IntakeAsync();
        // The failed send is kept pending (not thrown): the sweep below takes it.
        await _kit.DrainAsync();
        Assert.Empty(_email.Sent);

        await _kit.Notifications.DeliverPendingAsync();
        await _kit.Notifications.DeliverPendingAsync();

        var sent = Assert.Single(_email.Sent);
        var form = await _kit.Get<SurveyCommands>().GetFormAsync(TokenIn(sent.Body));
        Assert.Equal((created.Number, SurveyStatus.Pending), (form.CaseNumber, form.Status));
    }

    [Fact]
    public async Task TheReminder_GoesOutWithTheInvitationsLink_AndIsStoredWithoutIt()
    {
        var created = await _kit.FileAsync();

        _kit.Clock.Advance(TimeSpan.FromDays(2));
        await _kit.Runtime.FireDueTimersAsync();
        await _kit.DrainAsync();

        var sent = _email.Sent.ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(TokenIn(sent[0].Body), TokenIn(sent[1].Body));
        var stored = Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id), m => m.IdempotencyKey.StartsWith("survey-reminder:", StringComparison.Ordinal));
        Assert.DoesNotContain("/s/", stored.Body, StringComparison.Ordinal);
        Assert.Empty(await CellsContainingAsync(TokenIn(sent[0].Body)));
    }

    [Fact]
    public async Task ASurveyWithoutAChannelToTheCustomer_SaysSoOnTheTimeline_AndNoStaffMemberGetsItsLink()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(phone: "+86 138 0000 0009"));

        Assert.Empty(_email.Sent);
        var survey = Assert.Single((await _kit.Get<GetCaseHandler>().HandleAsync(created.Id, CaseTestKit.Supervisor)).Timeline, t => t.Title == "Survey sent");
        Assert.Equal("sms is not set up: the survey cannot reach the customer (its link is never shown to staff)", survey.Detail);
        // The same as values, for the web app to say in the reader's language.
        Assert.Equal("notSetUp", survey.Args!["reach"]);
        Assert.Equal("sms", survey.Args["channel"]);
        Assert.DoesNotContain(await _kit.Notifications.ForCaseAsync(created.Id), m => m.Body.Contains("/s/", StringComparison.Ordinal));
    }

    /// <summary>Survey ids are public (journal, outbox): without the server's key they give no token.</summary>
    [Fact]
    public async Task TheToken_DependsOnTheServersKey_NotOnlyOnTheSurveyId()
    {
        var created = await _kit.FileAsync();
        var token = TokenIn(Assert.Single(_email.Sent).Body);
        string surveyId;
        await using (var db = _kit.CreateDbContext())
            surveyId = await db.Surveys.Where(s => s.CaseId == created.Id).Select(s => s.Id).SingleAsync();

        var otherKey = new SurveyLinks(
            Options.Create(new SurveyOptions { LinkKey = Convert.ToBase64String(new byte[32]) }),
            Options.Create(new CaseFlowDatabaseOptions()));

        Assert.Equal(token, _kit.Get<SurveyLinks>().TokenFor(surveyId));
        Assert.NotEqual(token, otherKey.TokenFor(surveyId));
    }

    /// <summary>The link key is created like the auth signing key: owner-only, in an owner-only folder, whole or not at all.</summary>
    [Fact]
    public void TheLinkKey_IsCreatedOwnerOnly_InAnOwnerOnlyFolder_AndKeptAcrossInstances()
    {
        if (OperatingSystem.IsWindows())
            return;
        var folder = Path.Combine(Path.GetTempPath(), "caseflow-link-key-" + Guid.NewGuid().ToString("N"), "data");
        try
        {
            SurveyLinks Links() => new(Options.Create(new SurveyOptions()), Options.Create(new CaseFlowDatabaseOptions { DataDirectory = folder }));

            var token = Links().TokenFor("survey-1");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, SurveyLinks.KeyFileName)));
            Assert.Equal(token, Links().TokenFor("survey-1"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    /// <summary>Every text cell of every table that contains <paramref name="value"/>, as table.column.</summary>
    private async Task<List<string>> CellsContainingAsync(string value)
    {
        var found = new List<string>();
        await using var db = _kit.CreateDbContext();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var cell = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                    if (cell?.Contains(value, StringComparison.Ordinal) == true)
                        found.Add($"{table}.{reader.GetName(i)}");
                }
            }
        }

        return found;
    }

    private static string TokenIn(string body) => LinkPattern().Match(body) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No survey link in: " + body);

    [GeneratedRegex("/s/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();
}
