using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Survey links: a token of 32 random bytes (base64url, 43 characters) of which only the SHA-256 is stored, so the
/// survey table alone cannot answer a survey.
/// </summary>
public static partial class SurveyTokens
{
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the token as given (what <c>Survey.TokenHash</c> holds).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    public static string Link(string publicBaseUrl, string token)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.TrimEnd('/') + "/s/" + token;
    }

    /// <summary>
    /// The token of a link in a message sent earlier, if its hash is <paramref name="tokenHash"/>: the check keeps a
    /// stray link (or a changed message) from being sent on as this survey's.
    /// </summary>
    public static string? FindIn(string? text, string tokenHash)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        foreach (Match match in LinkPattern().Matches(text))
        {
            var token = match.Groups["token"].Value;
            if (string.Equals(Hash(token), tokenHash, StringComparison.OrdinalIgnoreCase))
                return token;
        }

        return null;
    }

    [GeneratedRegex("/s/(?<token>[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
