using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// The customer's survey link is a secret: whoever holds it answers the survey. Its token is never stored: it is the
/// HMAC-SHA256 of the survey id under a server key, so the sender rebuilds it each time a message goes out, and the
/// stored invitation and reminder (the case's message log, its timeline, the API, the database) carry
/// <see cref="Placeholder"/> instead. The survey keeps the token's SHA-256 to find it by its link.
/// </summary>
/// <remarks>
/// The key is <see cref="SurveyOptions.LinkKey"/>, else <c>survey-links.key</c> in the data folder, created on first
/// use (readable by its owner only) and never in the repository. Replacing it breaks the links of pending surveys.
/// </remarks>
public sealed partial class SurveyLinks
{
    /// <summary>What staff read where the customer's message has the link.</summary>
    public const string Placeholder = "[survey link]";

    public const string KeyFileName = "survey-links.key";

    private readonly IOptions<SurveyOptions> _options;
    private readonly Lazy<byte[]> _key;

    public SurveyLinks(IOptions<SurveyOptions> options, IOptions<CaseFlowDatabaseOptions> database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        _options = options;
        _key = new Lazy<byte[]>(() => DataFolder.Key(options.Value.LinkKey, "CaseFlow:Surveys:LinkKey", database.Value.DataDirectory, KeyFileName, newKeyBytes: 32));
    }

    /// <summary>The token of a survey's link.</summary>
    public string TokenFor(string surveyId)
    {
        ArgumentNullException.ThrowIfNull(surveyId);
        var mac = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes("caseflow-survey-link:" + surveyId));
        return SurveyTokens.Encode(mac);
    }

    /// <summary>The link the customer gets: <c>{PublicBaseUrl}/s/{token}</c>.</summary>
    public string LinkFor(string surveyId) => SurveyTokens.Link(_options.Value.PublicBaseUrl, TokenFor(surveyId));

    /// <summary>
    /// Whether this key rebuilds the survey's link. Not for surveys created before links were derived (their random
    /// token was only ever in the invitation), nor after the key was replaced.
    /// </summary>
    public bool CanRebuild(Survey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return string.Equals(SurveyTokens.Hash(TokenFor(survey.Id)), survey.TokenHash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The text with every survey link (any <c>…/s/{token}</c>) replaced by <see cref="Placeholder"/>.</summary>
    public static string? Redact(string? text) =>
        string.IsNullOrEmpty(text) || !text.Contains("/s/", StringComparison.Ordinal) ? text : LinkPattern().Replace(text, Placeholder);

    [GeneratedRegex(@"[^\s""'<>]*/s/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
