using CaseFlow.Server.Auth;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Security;

/// <summary>
/// The data folder holds password hashes, customers' details and the token signing key: nobody but the server's
/// own user may read any of it, not even for the moment between creating a file and narrowing its mode.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DataAtRestTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AFreshDataFolder_IsOwnerOnly_AndSoAreTheDatabaseItsWalAndShmAndTheSigningKey()
    {
        if (OperatingSystem.IsWindows())
            return;
        var data = Path.Combine(_temp.Path, "fresh", "data");

        await using (await InProcessServer.StartAsync(data))
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
            foreach (var file in new[] { "caseflow.db", "caseflow.db-wal", "caseflow.db-shm", SigningKey.FileName })
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(Path.Combine(data, file))));
        }
    }

    [Fact]
    public async Task ADataFolderReadableByOthers_FromAnOlderInstall_IsNarrowedAtStartUp()
    {
        if (OperatingSystem.IsWindows())
            return;
        var data = _temp.Sub("data");
        await (await InProcessServer.StartAsync(data)).DisposeAsync();
        const UnixFileMode everyoneReads = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(data, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.GetFiles(data))
            File.SetUnixFileMode(file, everyoneReads);

        await using (await InProcessServer.StartAsync(data))
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
            foreach (var file in Directory.GetFiles(data))
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(file)));
        }
    }

    [Fact]
    public void ASharedFolderWithTheStickyBit_LikeTmp_IsNeverNarrowed_SoAMisconfiguredDataFolderCannotLockOthersOut()
    {
        if (OperatingSystem.IsWindows())
            return;
        var shared = _temp.Sub("shared");
        const UnixFileMode tmpLike = (UnixFileMode)0b1_111_111_111;
        File.SetUnixFileMode(shared, tmpLike);

        CaseFlow.Cases.Persistence.DataFolder.EnsureDirectory(shared);

        Assert.Equal(tmpLike, File.GetUnixFileMode(shared));
    }

    [Fact]
    public void TwoProcessesCreatingTheSigningKeyAtOnce_EndWithOneKey_WhichBothUse()
    {
        var data = Path.Combine(_temp.Path, "data");
        byte[]? second = null;

        // The second creator runs start to finish while the first has written its key but not yet published it.
        var first = SigningKey.Load(new AuthOptions(), data, beforePublish: () => second = SigningKey.Load(new AuthOptions(), data).Key);

        Assert.Equal(second, first.Key);
        Assert.Equal(Convert.ToBase64String(first.Key), File.ReadAllText(Path.Combine(data, SigningKey.FileName)));
        Assert.Equal([SigningKey.FileName], Directory.GetFiles(data).Select(Path.GetFileName));
    }

    [Fact]
    public void TheSigningKey_IsNeverVisibleHalfWritten_NorReadableByOthersWhileBeingWritten()
    {
        var data = Path.Combine(_temp.Path, "data");
        var key = Path.Combine(data, SigningKey.FileName);
        var sawKeyFile = true;
        var pending = Array.Empty<string>();

        var created = SigningKey.Load(new AuthOptions(), data, beforePublish: () =>
        {
            // Every byte is written: a reader looking now must find no key rather than part of one.
            sawKeyFile = File.Exists(key);
            pending = Directory.GetFiles(data);
        });

        Assert.False(sawKeyFile);
        var temporary = Assert.Single(pending);
        Assert.Equal(64, created.Key.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(key));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        }

        Assert.False(File.Exists(temporary));
    }
}
