using System.Security.Cryptography;
using System.Text;
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
    public static SymmetricSecurityKey Load(AuthOptions options, string dataDirectory, Action? beforePublish = null)
    {
        if (options.SigningKey is { Length: > 0 } configured)
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32)
                throw new InvalidOperationException($"{AuthOptions.SectionName}:SigningKey must be at least 32 bytes (base64)");
            return new SymmetricSecurityKey(bytes);
        }

        DataFolder.EnsureDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, FileName);
        if (File.Exists(file))
            DataFolder.Narrow(file);
        else
            Create(file, beforePublish);
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    /// <summary>
    /// Written whole to a temporary file that is 0600 from its creation, then linked to the key's name only if
    /// there is none yet: a concurrent reader finds no key or the complete key, never a partial one, and of two
    /// racing creators one key wins and both use it.
    /// </summary>
    private static void Create(string file, Action? beforePublish)
    {
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            var open = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                open.UnixCreateMode = DataFolder.OwnerOnlyFile;
            using (var stream = new FileStream(temp, open))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
                stream.Flush(flushToDisk: true);
            }

            beforePublish?.Invoke();
            try
            {
                // Without overwrite: a hard link that fails if the name exists, so the first creator's key stays.
                File.Move(temp, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process published first: use theirs.
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
