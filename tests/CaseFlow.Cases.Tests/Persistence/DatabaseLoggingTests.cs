using CaseFlow.Cases.Persistence.Configurations;
using CaseFlow.Cases.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>
/// What EF Core writes to the log when the database refuses a write: the callers decide whether it is an error, so
/// EF's own lines stay at Debug (an idempotent insert that lost its race is no error at all).
/// </summary>
public sealed class DatabaseLoggingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARefusedDuplicateThatItsCallerHandles_LeavesNoErrorInTheLog(bool postgres)
    {
        var logs = new CapturedLogs();
        await using var database = await TestDatabase.CreateAsync(
            s => s.AddSingleton<ILoggerProvider>(logs).Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Debug),
            postgres: postgres);
        await using (var db = database.CreateDbContext())
        {
            db.CaseNumberSequences.Add(new CaseNumberSequence { Year = 2031, Last = 1 });
            await db.SaveChangesAsync();
        }

        var before = logs.Entries.Count;

        await using (var db = database.CreateDbContext())
        {
            db.CaseNumberSequences.Add(new CaseNumberSequence { Year = 2031, Last = 1 });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var refused = logs.Entries.Skip(before).ToList();
        Assert.DoesNotContain(refused, e => e.Level >= LogLevel.Warning);
        // Still there for whoever turns Debug on.
        Assert.Contains(refused, e => e.Level == LogLevel.Debug && e.Category == "Microsoft.EntityFrameworkCore.Update");
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly List<(string Category, LogLevel Level)> _entries = [];

        public IReadOnlyList<(string Category, LogLevel Level)> Entries
        {
            get
            {
                lock (_entries)
                    return [.. _entries];
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (logs._entries)
                    logs._entries.Add((category, logLevel));
            }
        }
    }
}
