using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// The data folder holds password hashes, customers' details and the server's keys: on Unix it is created
/// owner-only (0700) and its files 0600 from their first byte, and wider modes found at start-up (an older
/// install, a copied folder) are narrowed and logged. Windows keeps its inherited ACLs.
/// </summary>
public static partial class DataFolder
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>SQLite's companions of a database file: they hold the same rows.</summary>
    public static readonly IReadOnlyList<string> DatabaseSuffixes = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates the folder (and missing parents) 0700, or narrows an existing one.</summary>
    public static void EnsureDirectory(string path, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (Directory.Exists(path))
            Narrow(path, logger);
        else
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    /// <summary>
    /// Creates the SQLite file empty and 0600 before SQLite opens it (SQLite then creates its -wal and -shm files
    /// with the database file's mode), or narrows an existing one and its companions.
    /// </summary>
    public static void EnsureDatabaseFile(string file, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!, logger);
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            using var created = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }
        catch (IOException) when (File.Exists(file))
        {
            // Already there (another process, or an earlier run): narrowed below.
        }

        foreach (var suffix in DatabaseSuffixes)
            Narrow(file + suffix, logger);
    }

    /// <summary>
    /// A server key: <paramref name="configured"/> (base64, at least 32 bytes) when set, else the key in
    /// <paramref name="fileName"/> in the data folder, created once with <paramref name="newKeyBytes"/> random bytes.
    /// </summary>
    /// <param name="configured">The configured key (base64), if any.</param>
    /// <param name="setting">The configuration key, for the error message.</param>
    /// <param name="dataDirectory">Where a created key is kept.</param>
    /// <param name="fileName">The key's file in <paramref name="dataDirectory"/>.</param>
    /// <param name="newKeyBytes">How many random bytes a created key has.</param>
    /// <param name="beforePublish">Test seam: runs after a new key is written to its private temporary file, before it takes the key's name.</param>
    public static byte[] Key(string? configured, string setting, string dataDirectory, string fileName, int newKeyBytes, Action? beforePublish = null)
    {
        if (configured is { Length: > 0 })
        {
            var bytes = Convert.FromBase64String(configured);
            return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"{setting} must be at least 32 bytes (base64)");
        }

        EnsureDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, fileName);
        if (File.Exists(file))
            Narrow(file);
        else
            CreateKeyFile(file, newKeyBytes, beforePublish);
        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }

    /// <summary>
    /// Written whole to a temporary file that is 0600 from its creation, then linked to the key's name only if
    /// there is none yet: a concurrent reader finds no key or the complete key, never a partial one, and of two
    /// racing creators one key wins and both use it.
    /// </summary>
    private static void CreateKeyFile(string file, int bytes, Action? beforePublish)
    {
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            var open = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                open.UnixCreateMode = OwnerOnlyFile;
            using (var stream = new FileStream(temp, open))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))));
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

    /// <summary>
    /// Takes group and other permissions off an existing file or folder; true when it had any. A folder with the
    /// sticky bit (shared on purpose, like <c>/tmp</c>) and a path the server may not chmod are left as they are, with a warning.
    /// </summary>
    public static bool Narrow(string path, ILogger? logger = null)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
            return false;
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
            return false;
        var narrowed = mode & ~GroupOrOther;
        if ((mode & UnixFileMode.StickyBit) != 0)
            return Warn(logger, path, mode, "it is a shared folder (sticky bit): use a folder of its own");
        try
        {
            File.SetUnixFileMode(path, narrowed);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return Warn(logger, path, mode, ex.Message);
        }

        if (logger is not null)
            Log.Narrowed(logger, path, Octal(mode), Octal(narrowed));
        else
            Console.Error.WriteLine($"CaseFlow: {path} was readable by others ({Octal(mode)}); now {Octal(narrowed)}");
        return true;
    }

    private static bool Warn(ILogger? logger, string path, UnixFileMode mode, string reason)
    {
        if (logger is not null)
            Log.NotNarrowed(logger, path, Octal(mode), reason);
        else
            Console.Error.WriteLine($"CaseFlow: {path} is readable by others ({Octal(mode)}) and was left so: {reason}");
        return false;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} was readable by others ({Old}); narrowed to {New}")]
        public static partial void Narrowed(ILogger logger, string path, string old, string @new);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is readable by others ({Mode}) and was left so: {Reason}")]
        public static partial void NotNarrowed(ILogger logger, string path, string mode, string reason);
    }
}
