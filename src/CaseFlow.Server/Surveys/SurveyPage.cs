using System.Globalization;
using System.Net;
using System.Text;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Surveys;

namespace CaseFlow.Server.Surveys;

/// <summary>
/// The customer's satisfaction survey at <c>/s/{token}</c>: public (the unguessable, single-use, expiring token is
/// the credential), a plain HTML form that works without JavaScript; JSON clients get JSON and problem details.
/// </summary>
public static class SurveyPage
{
    public static IEndpointRouteBuilder MapSurveyPage(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/s").AllowAnonymous().WithTags("Survey");
        group.AddEndpointFilter(async (context, next) =>
        {
            // OnStarting: the headers go on every answer of the page, also one the exception handler rewrites.
            var response = context.HttpContext.Response;
            response.OnStarting(() =>
            {
                foreach (var (name, value) in SecurityHeaders)
                    response.Headers[name] = value;
                return Task.CompletedTask;
            });
            return await next(context);
        });
        group.MapGet("/{token}", ShowAsync).WithSummary("The survey form for a token");
        group.MapPost("/{token}", AnswerAsync).WithSummary("Answer the survey: score 1-5 and an optional comment").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, SurveyCommands surveys, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var form = await surveys.GetFormAsync(token, cancellationToken);
            if (WantsJson(http))
                return Results.Ok(form);
            return form.Status switch
            {
                SurveyStatus.Pending => Html(Form(form, null)),
                SurveyStatus.Answered => Html(Message("Thank you", "This survey has already been answered."), StatusCodes.Status409Conflict),
                _ => Html(Message("Survey closed", "This survey has expired."), StatusCodes.Status410Gone),
            };
        }
        catch (NotFoundException)
        {
            return WantsJson(http) ? NotFound() : Html(Message("Survey not found", "This link is not valid."), StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> AnswerAsync(string token, SurveyCommands surveys, HttpContext http, CancellationToken cancellationToken)
    {
        int? score;
        string? comment;
        var json = http.Request.HasJsonContentType();
        if (json)
        {
            AnswerBody? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<AnswerBody>(cancellationToken);
            }
            catch (System.Text.Json.JsonException ex)
            {
                // The reader's own message names .NET types; the customer's client gets the field and what it takes.
                var (field, message) = Api.JsonBodyErrors.Describe(ex);
                return field is "score" or "comment"
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [field == "score" ? ScoreRule : message] })
                    : Results.Problem(title: "Malformed JSON", detail: message + " Send {\"score\":1-5,\"comment\":\"...\"}.", statusCode: StatusCodes.Status400BadRequest);
            }

            (score, comment) = (body?.Score, body?.Comment);
        }
        else if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            score = int.TryParse(form["score"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
            comment = form["comment"];
        }
        else
        {
            return Results.Problem(title: "Unsupported body", detail: "Send a form (score, comment) or JSON {\"score\":1-5,\"comment\":\"...\"}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            var answered = await surveys.AnswerAsync(new AnswerSurvey(token, score, comment), cancellationToken);
            return json ? Results.Ok(answered) : Html(Message("Thank you", "Your answer was recorded. Thank you for helping us improve."));
        }
        catch (ValidationException ex)
        {
            if (json)
                return Results.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value));
            var form = await surveys.GetFormAsync(token, cancellationToken);
            return Html(Form(form, string.Join(" ", ex.Errors.SelectMany(e => e.Value))), StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException)
        {
            return json ? NotFound() : Html(Message("Survey not found", "This link is not valid."), StatusCodes.Status404NotFound);
        }
        catch (ConflictException ex)
        {
            var expired = ex.Message.Contains("expired", StringComparison.OrdinalIgnoreCase);
            var status = expired ? StatusCodes.Status410Gone : StatusCodes.Status409Conflict;
            return json
                ? Results.Problem(title: expired ? "Survey expired" : "Survey already answered", detail: ex.Message, statusCode: status)
                : Html(Message(expired ? "Survey closed" : "Thank you", ex.Message), status);
        }
    }

    private const string ScoreRule = "score must be a whole number from 1 (very dissatisfied) to 5 (very satisfied).";

    /// <summary>The page's only style sheet, inline; the policy allows exactly it, by hash.</summary>
    private const string Styles = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}fieldset{border:0;padding:0}label{margin-right:.75rem}.error{color:#b00020}.small{color:#666;font-size:.85rem}textarea{width:100%}";

    /// <summary>
    /// Sent with every <c>/s/</c> answer. The page is reached from an e-mail by a customer who holds a single-use
    /// token: nothing may load from elsewhere, frame it, post it elsewhere, keep it in a cache or leak the token-bearing
    /// URL in a Referer.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, string Value)> SecurityHeaders =
    [
        ("Content-Security-Policy", $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Styles)))}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    ];

    private sealed record AnswerBody(int? Score, string? Comment);

    private static IResult NotFound() => Results.Problem(title: "Survey not found", detail: "No survey has this token.", statusCode: StatusCodes.Status404NotFound);

    private static bool WantsJson(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    private static IResult Html(string body, int status = StatusCodes.Status200OK) =>
        Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Form(SurveyForm form, string? error)
    {
        var options = string.Concat(Enumerable.Range(1, 5).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"<label><input type=\"radio\" name=\"score\" value=\"{i}\" required> {i}</label> ")));
        return Page("How did we do?", $"""
            <p>{Encode(form.Question)}</p>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>")}
            <form method="post">
              <fieldset><legend>1 = very dissatisfied, 5 = very satisfied</legend>{options}</fieldset>
              <p><label for="comment">Comment (optional)</label><br><textarea id="comment" name="comment" rows="4" maxlength="{SurveyCommands.MaxCommentLength}"></textarea></p>
              <button type="submit">Send</button>
            </form>
            <p class="small">Case {Encode(form.CaseNumber ?? "")} · open until {form.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</p>
            """);
    }

    private static string Message(string title, string text) => Page(title, $"<p>{Encode(text)}</p>");

    private static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}} · CaseFlow</title>
        <style>{{Styles}}</style>
        </head><body><h1>{{Encode(title)}}</h1>
        {{body}}
        </body></html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
