using System.Security.Cryptography;
using System.Text;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Survey tokens: 32 bytes, base64url (43 characters), of which only the SHA-256 is stored on the survey, so the
/// survey table alone cannot answer a survey. <see cref="SurveyLinks"/> derives them.
/// </summary>
public static class SurveyTokens
{
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

    /// <summary>32 bytes as base64url without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
