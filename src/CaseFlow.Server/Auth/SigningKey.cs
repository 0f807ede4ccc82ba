using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>The bearer tokens' signing key: from configuration, else created once in the data folder.</summary>
internal static class SigningKey
{
    public static SymmetricSecurityKey Load(AuthOptions options, string dataDirectory)
    {
        if (options.SigningKey is { Length: > 0 } configured)
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32)
                throw new InvalidOperationException($"{AuthOptions.SectionName}:SigningKey must be at least 32 bytes (base64)");
            return new SymmetricSecurityKey(bytes);
        }

        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "auth-signing.key");
        if (!File.Exists(file))
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(key);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }

            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }
}
