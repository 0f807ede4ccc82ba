using CaseFlow.Cases.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>The bearer tokens' signing key: from configuration, else created once in the data folder.</summary>
internal static class SigningKey
{
    public const string FileName = "auth-signing.key";

    /// <param name="options">The configured key, if any.</param>
    /// <param name="dataDirectory">Where the created key is kept.</param>
    /// <param name="beforePublish">Test seam: runs after the new key is written to its private temporary file, before it takes the key's name.</param>
    public static SymmetricSecurityKey Load(AuthOptions options, string dataDirectory, Action? beforePublish = null) =>
        new(DataFolder.Key(options.SigningKey, $"{AuthOptions.SectionName}:SigningKey", dataDirectory, FileName, newKeyBytes: 64, beforePublish));
}
