using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Persistence;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Tests.ScaleOut;

/// <summary>
/// Drives complaints from intake to archive over HTTP, as agents, a supervisor and the customers would, spread over
/// the nodes of a cluster: each request goes to the next node in turn, and a request a node did not answer (killed,
/// restarting) is sent again to another one. A completion whose answer was lost is checked before it is sent again:
/// a 409 for a task that is completed is this driver's own earlier success. The survey is answered by computing its
/// link from the shared link key, as the customer's message carries it. Intake carries an idempotency key, so an
/// intake sent again after a lost answer files no second case.
/// </summary>
/// <param name="nodes">Each node's address now (null while it is down).</param>
/// <param name="surveyOf">The survey id of a case once its survey was sent (read from the database), else null.</param>
internal sealed class ComplaintDriver(IReadOnlyList<Func<Uri?>> nodes, string password, string linkKey, Func<string, Task<string?>> surveyOf) : IDisposable
{
    // The complaint's steps on the shipped workflow's price path, in order: who works each and what they answer.
    private static readonly (string Activity, string Outcome, bool Supervisor, object Data)[] Steps =
    [
        ("classify", "Classified", false, new { category = "price" }),
        ("initialHandling", "Resolved", false, new { initialResult = "Explained the promotion terms." }),
        ("priceCheck", "Done", false, new { priceCheck = "The discount was missing from the checkout." }),
        ("resolve", "Resolved", false, new { resolution = "Refunded the difference.", customerOpinion = "Make promotions clearer." }),
        ("feedback", "FedBack", false, new { feedbackChannel = "phone", customerSatisfied = true }),
        ("resultToDepartments", "Reviewed", true, new { departmentReview = "Promotion checks added." }),
        ("followUp", "Done", false, new { followUpNote = "The refund arrived." }),
    ];

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SurveyLinks _links = new(Options.Create(new SurveyOptions { LinkKey = linkKey }), Options.Create(new CaseFlowDatabaseOptions()));
    private string? _agent;
    private string? _supervisor;
    private readonly string _run = Guid.NewGuid().ToString("N");
    private int _turn;

    /// <summary>Latencies (ms) by request kind: intake, inbox (a task lookup), complete.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<double>> Latencies { get; } = new();

    /// <summary>Requests sent again because a node did not answer.</summary>
    public int Retries => _retries;

    private int _retries;

    /// <summary>Completions answered 409 whose task turned out completed: the answer to an earlier attempt was lost.</summary>
    public int LostAnswers => _lostAnswers;

    private int _lostAnswers;

    /// <summary>Complaints whose survey was answered.</summary>
    public int Answered => _answered;

    private int _answered;

    /// <summary>Case ids filed so far.</summary>
    public ConcurrentBag<string> Cases { get; } = [];

    public async Task SignInAsync()
    {
        _agent = await TokenAsync("agent");
        _supervisor = await TokenAsync("supervisor");
    }

    /// <summary>Takes <paramref name="count"/> complaints to their survey's answer, <paramref name="parallel"/> at a time.</summary>
    public Task RunAsync(int count, int parallel, Func<int, Task>? afterFiling = null, CancellationToken cancellationToken = default)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                await OneAsync(n, cancellationToken);
                if (afterFiling is not null)
                    await afterFiling(n);
            }
        }, cancellationToken)));
    }

    private async Task OneAsync(int n, CancellationToken cancellationToken)
    {
        var phone = "+1 555 " + (1_000_000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var filed = await SendAsync("intake", () =>
        {
            var intake = Post("/api/cases", _agent!, new { type = "complaint", channel = "phone", customer = new { name = $"Customer {n}", phone }, description = $"Complaint {n}: the promotion price was not applied." });
            intake.Headers.Add("Idempotency-Key", $"{_run}-{n}");
            return intake;
        }, cancellationToken);
        if (filed.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"intake {n}: {(int)filed.Status} {filed.Body}");
        var caseId = filed.Json.GetProperty("id").GetString()!;
        Cases.Add(caseId);

        foreach (var (activity, outcome, supervisor, data) in Steps)
        {
            var taskId = await WaitForTaskAsync(caseId, activity, cancellationToken);
            var token = supervisor ? _supervisor! : _agent!;
            var attempt = 0;
            while (true)
            {
                var completed = await SendAsync("complete", () => Post($"/api/tasks/{taskId}/complete", token, new { outcome, data }), cancellationToken, retried: attempt++ > 0);
                if (completed.Status == HttpStatusCode.OK)
                    break;
                if (completed.Status == HttpStatusCode.Conflict && await IsCompletedAsync(taskId, cancellationToken))
                {
                    Interlocked.Increment(ref _lostAnswers);
                    break;
                }

                if (completed.Status is HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable && attempt < 20)
                {
                    await Task.Delay(100, cancellationToken); // the task is being changed right now (a resumption in flight)
                    continue;
                }

                throw new InvalidOperationException($"{activity} of {caseId}: {(int)completed.Status} {completed.Body}");
            }
        }

        var surveyId = await WaitForSurveyAsync(caseId, cancellationToken);
        var answer = await SendAsync("survey", () => new HttpRequestMessage(HttpMethod.Post, "/s/" + _links.TokenFor(surveyId)) { Content = JsonContent.Create(new { score = 5, comment = "Quick." }) }, cancellationToken);
        if (answer.Status is not (HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.Gone))
            throw new InvalidOperationException($"survey of {caseId}: {(int)answer.Status} {answer.Body}");
        Interlocked.Increment(ref _answered);
    }

    private async Task<string> WaitForTaskAsync(string caseId, string activity, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var page = await SendAsync("inbox", () => Get($"/api/tasks?view=all&caseId={caseId}", _supervisor!), cancellationToken);
            if (page.Status == HttpStatusCode.OK)
            {
                foreach (var item in page.Json.GetProperty("items").EnumerateArray())
                {
                    if (item.GetProperty("activityId").GetString() == activity && item.GetProperty("status").GetString() == "Open")
                        return item.GetProperty("id").GetString()!;
                }
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                throw new TimeoutException($"the {activity} task of case {caseId} was not handed out within 3 minutes ({(int)page.Status} {page.Body})");
            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> IsCompletedAsync(string taskId, CancellationToken cancellationToken)
    {
        var task = await SendAsync("inbox", () => Get($"/api/tasks/{taskId}", _supervisor!), cancellationToken);
        return task.Status == HttpStatusCode.OK && task.Json.GetProperty("status").GetString() == "Completed";
    }

    private async Task<string> WaitForSurveyAsync(string caseId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await surveyOf(caseId) is { } surveyId)
                return surveyId;
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                throw new TimeoutException($"no survey was sent for case {caseId} within 3 minutes");
            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task<string> TokenAsync(string user)
    {
        var response = await SendAsync("sign-in", () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username = user, password }) }, CancellationToken.None);
        return response.Status == HttpStatusCode.OK
            ? response.Json.GetProperty("accessToken").GetString()!
            : throw new InvalidOperationException($"sign-in as {user}: {(int)response.Status} {response.Body}");
    }

    private static HttpRequestMessage Get(string path, string token) => new(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    private static HttpRequestMessage Post(string path, string token, object body) =>
        new(HttpMethod.Post, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) }, Content = JsonContent.Create(body) };

    /// <summary>Sends to the next node that answers; one that does not (refused, reset, timed out) gets no turn this time.</summary>
    private async Task<Reply> SendAsync(string kind, Func<HttpRequestMessage> request, CancellationToken cancellationToken, bool retried = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var node = nodes[(int)((uint)Interlocked.Increment(ref _turn) % (uint)nodes.Count)]();
            if (node is null)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }

            using var message = request();
            message.RequestUri = new Uri(node, message.RequestUri!);
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await _http.SendAsync(message, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 100)
                {
                    Interlocked.Increment(ref _retries);
                    continue; // a node shutting down or starting up
                }

                if (!retried && attempt == 0)
                    Latencies.GetOrAdd(kind, _ => []).Add(watch.Elapsed.TotalMilliseconds);
                return new Reply(response.StatusCode, body);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && attempt < 200)
            {
                Interlocked.Increment(ref _retries);
                retried = true;
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    internal sealed record Reply(HttpStatusCode Status, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
