using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// The SQL of the instance store's hot path, generated once from the EF model: table and column names, identifier
/// quoting and value conversions (enums as text, times as UTC ticks on SQLite) all come from the model and the
/// provider, so the statements follow the migrations and stay provider-neutral. Run over plain ADO.NET sessions that
/// keep them compiled, they cost little more than SQLite itself. Measured on the dev machine: with EF per call (a
/// context, an EF-opened connection, which re-registers EF's SQL functions on every open, ~20-30 µs, LINQ,
/// ExecuteUpdate/ExecuteDelete and SaveChanges) a start→resume cycle ran at ~260 instances/s; over these sessions ~1,100.
/// </summary>
internal sealed class StoreStatements
{
    private readonly IModel _model;
    private readonly ISqlGenerationHelper _sql;

    public StoreStatements(CaseFlowDbContext db)
    {
        _model = db.Model;
        _sql = db.GetService<ISqlGenerationHelper>();
        Factory = DbProviderFactories.GetFactory(db.Database.GetDbConnection()) ?? throw new InvalidOperationException("The database provider exposes no DbProviderFactory");
        ConnectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("The database has no connection string");
        IsSqlite = db.Database.IsSqlite();
        Time = Converter<BookmarkRow>(nameof(BookmarkRow.CreatedAt));

        // The group writer's transaction on SQLite, compiled once per session like the rest (a SqliteTransaction compiles
        // BEGIN and COMMIT anew each time). IMMEDIATE takes the write lock up front, as SqliteTransaction does.
        Begin = Query("BEGIN IMMEDIATE", []);
        Commit = Query("COMMIT", []);
        Rollback = Query("ROLLBACK", []);
        Savepoint = Query("SAVEPOINT burst", []);
        ReleaseSavepoint = Query("RELEASE burst", []);
        RollbackToSavepoint = Query("ROLLBACK TO burst", []);

        var instance = Table<WorkflowInstanceRow>();
        var id = Column<WorkflowInstanceRow>(nameof(WorkflowInstanceRow.Id));
        var revision = Column<WorkflowInstanceRow>(nameof(WorkflowInstanceRow.Revision));
        FindInstance = Query($"SELECT {Column<WorkflowInstanceRow>(nameof(WorkflowInstanceRow.Snapshot))}, {revision} FROM {instance} WHERE {id} = @p0", Converters<WorkflowInstanceRow>(nameof(WorkflowInstanceRow.Id)));
        // Four variants: with or without Status (bit 1) and CorrelationId (bit 2), the indexed columns a commit may leave alone.
        UpdateInstance = new Statement[4];
        for (var variant = 0; variant < 4; variant++)
        {
            string[] set =
            [
                .. (variant & 1) != 0 ? [nameof(WorkflowInstanceRow.Status)] : Array.Empty<string>(),
                .. (variant & 2) != 0 ? [nameof(WorkflowInstanceRow.CorrelationId)] : Array.Empty<string>(),
                nameof(WorkflowInstanceRow.SubStatus), nameof(WorkflowInstanceRow.Name), nameof(WorkflowInstanceRow.IncidentCount), nameof(WorkflowInstanceRow.UpdatedAt),
                nameof(WorkflowInstanceRow.FinishedAt), nameof(WorkflowInstanceRow.Snapshot), nameof(WorkflowInstanceRow.Revision),
            ];
            UpdateInstance[variant] = Update<WorkflowInstanceRow>(set, [nameof(WorkflowInstanceRow.Id), nameof(WorkflowInstanceRow.Revision)]);
        }
        InsertInstance = Insert<WorkflowInstanceRow>();
        InsertInstanceSnapshot = InsertParameter<WorkflowInstanceRow>(nameof(WorkflowInstanceRow.Snapshot));
        InsertBookmark = Insert<BookmarkRow>();
        InsertIncident = Insert<IncidentRow>();
        InsertJournal = Insert<JournalBurstRow>();
        InsertJournalRecords = InsertParameter<JournalBurstRow>(nameof(JournalBurstRow.Records));
        InsertLine = Insert<WrittenLineRow>();
        InsertOutbox = Insert<OutboxMessageRow>();
        DeleteBookmarks = Query($"DELETE FROM {Table<BookmarkRow>()} WHERE {Column<BookmarkRow>(nameof(BookmarkRow.InstanceId))} = @p0", [null]);
        DeleteBookmark = Query($"DELETE FROM {Table<BookmarkRow>()} WHERE {Column<BookmarkRow>(nameof(BookmarkRow.InstanceId))} = @p0 AND {Column<BookmarkRow>(nameof(BookmarkRow.Id))} = @p1", [null, null]);
        FindBookmarkIds = Query($"SELECT {Column<BookmarkRow>(nameof(BookmarkRow.Id))}, {Column<BookmarkRow>(nameof(BookmarkRow.CorrelationId))} FROM {Table<BookmarkRow>()} WHERE {Column<BookmarkRow>(nameof(BookmarkRow.InstanceId))} = @p0", [null]);
        FindIncidentIds = Query($"SELECT {Column<IncidentRow>(nameof(IncidentRow.Id))} FROM {Table<IncidentRow>()} WHERE {Column<IncidentRow>(nameof(IncidentRow.InstanceId))} = @p0", [null]);
        DeleteIncidents = Query($"DELETE FROM {Table<IncidentRow>()} WHERE {Column<IncidentRow>(nameof(IncidentRow.InstanceId))} = @p0", [null]);

        var queue = Table<QueuedStimulusRow>();
        var queueId = Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.Id));
        var consumedAt = Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.ConsumedAt));
        ConsumeStimulus = Query($"UPDATE {queue} SET {consumedAt} = @p0 WHERE {queueId} = @p1 AND {consumedAt} IS NULL", [Time, null]);
        StimulusExists = Query($"SELECT 1 FROM {queue} WHERE {queueId} = @p0", [null]);
        DeleteStimulus = Query($"DELETE FROM {queue} WHERE {queueId} = @p0", [null]);
        InsertStimulus = Insert<QueuedStimulusRow>();
        FindQueued = Query(
            $"SELECT {Columns<QueuedStimulusRow>(QueuedColumns)} FROM {queue} " +
            $"WHERE {Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.Name))} = @p0 AND {Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.Hash))} = @p1 " +
            $"AND {consumedAt} IS NULL AND {Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.ExpiresAt))} > @p2 " +
            $"ORDER BY {Column<QueuedStimulusRow>(nameof(QueuedStimulusRow.CreatedAt))}, {queueId}",
            [null, null, Time]);

        var outbox = Table<OutboxMessageRow>();
        var outboxId = Column<OutboxMessageRow>(nameof(OutboxMessageRow.Id));
        var dispatchedAt = Column<OutboxMessageRow>(nameof(OutboxMessageRow.DispatchedAt));
        FindOutboxMessage = Query($"SELECT {Columns<OutboxMessageRow>(OutboxColumns)} FROM {outbox} WHERE {outboxId} = @p0", [null]);
        MarkDispatched = Query($"UPDATE {outbox} SET {dispatchedAt} = @p0 WHERE {outboxId} = @p1 AND {dispatchedAt} IS NULL", [Time, null]);
        var outboxSequence = Column<OutboxMessageRow>(nameof(OutboxMessageRow.Sequence));
        ListInstanceOutbox = Query(
            $"SELECT {Columns<OutboxMessageRow>(OutboxColumns)} FROM {outbox} " +
            $"WHERE {Column<OutboxMessageRow>(nameof(OutboxMessageRow.InstanceId))} = @p0 AND {outboxSequence} <= @p1 AND {dispatchedAt} IS NULL " +
            $"ORDER BY {outboxSequence}, {Column<OutboxMessageRow>(nameof(OutboxMessageRow.CreatedAt))}, {outboxId}",
            [null, null]);

        var bookmarks = $"SELECT {Columns<BookmarkRow>(BookmarkColumns)} FROM {Table<BookmarkRow>()} " +
            $"WHERE {Column<BookmarkRow>(nameof(BookmarkRow.Name))} = @p0 AND {Column<BookmarkRow>(nameof(BookmarkRow.Hash))} = @p1";
        var bookmarkOrder = $" ORDER BY {Column<BookmarkRow>(nameof(BookmarkRow.CreatedAt))}, {Column<BookmarkRow>(nameof(BookmarkRow.InstanceId))}, {Column<BookmarkRow>(nameof(BookmarkRow.Id))}";
        FindBookmarks = Query(bookmarks + bookmarkOrder, [null, null]);
        FindBookmarksCorrelated = Query(bookmarks + $" AND {Column<BookmarkRow>(nameof(BookmarkRow.CorrelationId))} = @p2" + bookmarkOrder, [null, null, null]);
    }

    /// <summary>Columns <see cref="FindBookmarks"/> returns, in order.</summary>
    public static readonly string[] BookmarkColumns =
    [
        nameof(BookmarkRow.Id), nameof(BookmarkRow.InstanceId), nameof(BookmarkRow.Name), nameof(BookmarkRow.Hash), nameof(BookmarkRow.CorrelationId),
        nameof(BookmarkRow.Payload), nameof(BookmarkRow.ActivityId), nameof(BookmarkRow.ActivityNodeId), nameof(BookmarkRow.ActivityInstanceId),
        nameof(BookmarkRow.AutoBurn), nameof(BookmarkRow.CallbackMethodName), nameof(BookmarkRow.Metadata), nameof(BookmarkRow.DueAt), nameof(BookmarkRow.CreatedAt),
    ];

    /// <summary>Columns <see cref="FindQueued"/> returns, in order.</summary>
    public static readonly string[] QueuedColumns =
    [
        nameof(QueuedStimulusRow.Id), nameof(QueuedStimulusRow.Name), nameof(QueuedStimulusRow.Hash), nameof(QueuedStimulusRow.CorrelationId),
        nameof(QueuedStimulusRow.Input), nameof(QueuedStimulusRow.CreatedAt), nameof(QueuedStimulusRow.ExpiresAt),
    ];

    /// <summary>Columns <see cref="FindOutboxMessage"/> and <see cref="ListInstanceOutbox"/> return, in order.</summary>
    public static readonly string[] OutboxColumns =
    [
        nameof(OutboxMessageRow.Id), nameof(OutboxMessageRow.Kind), nameof(OutboxMessageRow.InstanceId), nameof(OutboxMessageRow.Payload),
        nameof(OutboxMessageRow.CreatedAt), nameof(OutboxMessageRow.DispatchedAt), nameof(OutboxMessageRow.Sequence),
    ];

    public DbProviderFactory Factory { get; }
    public string ConnectionString { get; }
    public bool IsSqlite { get; }

    /// <summary>How a <see cref="DateTimeOffset"/> is written (null: as it is).</summary>
    public ValueConverter? Time { get; }

    /// <summary>Whether times are stored as integers (SQLite's UTC ticks) rather than in a date type of the provider.</summary>
    public bool TimeAsTicks => Time?.ProviderClrType == typeof(long);

    public Statement Begin { get; }
    public Statement Commit { get; }
    public Statement Rollback { get; }
    public Statement Savepoint { get; }
    public Statement ReleaseSavepoint { get; }
    public Statement RollbackToSavepoint { get; }
    public Statement FindInstance { get; }
    /// <summary>The instance update, by variant: bit 1 sets Status, bit 2 CorrelationId (values from <see cref="UpdateValues"/>).</summary>
    public Statement[] UpdateInstance { get; }

    /// <summary>An <see cref="UpdateInstance"/> variant's values in its parameter order.</summary>
    public static object?[] UpdateValues(bool status, bool correlation, object? statusValue, object? subStatus, object? correlationId, object? name, object? incidentCount, object? updatedAt, object? finishedAt, object? snapshot, object? revision, object? id, object? expected)
    {
        var values = new object?[(status ? 1 : 0) + (correlation ? 1 : 0) + 9];
        var i = 0;
        if (status)
            values[i++] = statusValue;
        if (correlation)
            values[i++] = correlationId;
        values[i++] = subStatus;
        values[i++] = name;
        values[i++] = incidentCount;
        values[i++] = updatedAt;
        values[i++] = finishedAt;
        values[i++] = snapshot;
        values[i++] = revision;
        values[i++] = id;
        values[i] = expected;
        return values;
    }
    public Statement InsertInstance { get; }

    /// <summary>The parameter of <see cref="InsertInstance"/> that takes the snapshot.</summary>
    public int InsertInstanceSnapshot { get; }

    /// <summary>The parameter of <see cref="InsertJournal"/> that takes the records.</summary>
    public int InsertJournalRecords { get; }
    public Statement InsertBookmark { get; }
    public Statement InsertIncident { get; }
    public Statement InsertJournal { get; }
    public Statement InsertLine { get; }
    public Statement InsertOutbox { get; }
    public Statement DeleteBookmarks { get; }
    public Statement DeleteIncidents { get; }
    public Statement DeleteBookmark { get; }
    public Statement FindBookmarkIds { get; }
    public Statement FindIncidentIds { get; }
    public Statement ConsumeStimulus { get; }
    public Statement StimulusExists { get; }
    public Statement DeleteStimulus { get; }
    public Statement InsertStimulus { get; }
    public Statement FindQueued { get; }
    public Statement FindBookmarks { get; }
    public Statement FindBookmarksCorrelated { get; }
    public Statement FindOutboxMessage { get; }
    public Statement MarkDispatched { get; }

    /// <summary>
    /// The insert of any entity of the model, for the rows a burst writes beside its own (<see cref="Store.IBurstRows"/>):
    /// keys the database generates (a timeline line's number) are left to it.
    /// </summary>
    public Statement InsertOf(Type entity) => _rowInserts.GetOrAdd(entity, type => Insert(_model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model"), skipGenerated: true));

    private readonly ConcurrentDictionary<Type, Statement> _rowInserts = new();

    /// <summary>An instance's undelivered messages up to a sequence (<c>@p0</c> instance, <c>@p1</c> sequence), in order.</summary>
    public Statement ListInstanceOutbox { get; }

    // SQLite stores times as UTC ticks (UtcTicksConverter); PostgreSQL natively (its converter only makes them UTC on the way in).
    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        TimeAsTicks ? (DateTimeOffset)Time!.ConvertFromProvider(reader.GetInt64(ordinal))! : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public DateTimeOffset ReadTime(RowReader reader, int ordinal) =>
        TimeAsTicks ? (DateTimeOffset)Time!.ConvertFromProvider(reader.GetInt64(ordinal))! : reader.GetDateTimeOffset(ordinal);

    public DateTimeOffset? ReadNullableTime(RowReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>A row of <see cref="FindQueued"/> (columns in <see cref="QueuedColumns"/> order).</summary>
    public QueuedStimulus ReadQueued(RowReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetNullableString(3),
        PersistenceJson.ReadPlain(reader.GetNullableString(4)),
        ReadTime(reader, 5),
        ReadTime(reader, 6));

    public static string? ReadNullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private IEntityType Entity<T>() => _model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");

    private string Table<T>()
    {
        var entity = Entity<T>();
        return _sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }

    private string Column<T>(string property)
    {
        var entity = Entity<T>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return _sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
    }

    private string Columns<T>(IEnumerable<string> properties) => string.Join(", ", properties.Select(Column<T>));

    private ValueConverter? Converter<T>(string property) => Entity<T>().FindProperty(property)!.GetTypeMapping().Converter;

    private ValueConverter?[] Converters<T>(params string[] properties) => properties.Select(Converter<T>).ToArray();

    private static Statement Query(string text, ValueConverter?[] converters) => new(text, converters, []);

    // An insert's parameters follow the entity's properties (see Insert).
    private int InsertParameter<T>(string property) => Entity<T>().GetProperties().Select(p => p.Name).ToList().IndexOf(property);

    private Statement Insert<T>() => Insert(Entity<T>(), skipGenerated: false);

    private Statement Insert(IEntityType entity, bool skipGenerated)
    {
        var properties = entity.GetProperties().Where(p => !skipGenerated || !(p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd))).ToList();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = string.Join(", ", properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var text = $"INSERT INTO {_sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ({columns}) VALUES ({string.Join(", ", properties.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        return new Statement(text, properties.Select(p => p.GetTypeMapping().Converter).ToArray(), properties.Select(Getter).ToArray());
    }

    private Statement Update<T>(string[] set, string[] where)
    {
        var i = 0;
        var assignments = string.Join(", ", set.Select(p => $"{Column<T>(p)} = @p{(i++).ToString(CultureInfo.InvariantCulture)}"));
        var conditions = string.Join(" AND ", where.Select(p => $"{Column<T>(p)} = @p{(i++).ToString(CultureInfo.InvariantCulture)}"));
        var converters = Converters<T>([.. set, .. where]);
        return new Statement($"UPDATE {Table<T>()} SET {assignments} WHERE {conditions}", converters, []);
    }

    private static Func<object, object?> Getter(IProperty property)
    {
        var entity = Expression.Parameter(typeof(object));
        var body = Expression.Convert(Expression.Property(Expression.Convert(entity, property.DeclaringType.ClrType), property.PropertyInfo!), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, entity).Compile();
    }
}

/// <summary>One parameterized statement (<c>@p0</c>, <c>@p1</c>…) and how to bind its values.</summary>
internal sealed class Statement(string text, ValueConverter?[] converters, Func<object, object?>[] getters)
{
    public string Text { get; } = text;

    /// <summary>How many parameters (<c>@p0</c>…) the statement has.</summary>
    public int ParameterCount => converters.Length;

    /// <summary>Parameter <paramref name="i"/>'s provider value for <paramref name="value"/> (null for null).</summary>
    public object? ProviderValue(int i, object? value) => value is null ? null : converters[i]?.ConvertToProvider(value) ?? value;

    /// <summary>Parameter <paramref name="i"/>'s provider value from an entity.</summary>
    public object? ProviderValueOf(int i, object entity) => ProviderValue(i, getters[i](entity));

    /// <summary>A command for this statement; bind each execution with <see cref="Bind(DbCommand, object)"/> or <see cref="BindValues"/>.</summary>
    public DbCommand Create(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Text;
        for (var i = 0; i < converters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Binds an entity's properties (insert statements).</summary>
    public void Bind(DbCommand command, object entity)
    {
        for (var i = 0; i < getters.Length; i++)
            Set(command, i, getters[i](entity));
    }

    /// <summary>Binds values in parameter order.</summary>
    public void BindValues(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            Set(command, i, values[i]);
    }

    /// <summary>An insert's values from its entity, in parameter order, before conversion (for <see cref="BindValues"/>).</summary>
    public object?[] ValuesOf(object entity)
    {
        var values = new object?[getters.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = getters[i](entity);
        return values;
    }

    private void Set(DbCommand command, int i, object? value) => command.Parameters[i].Value = value switch
    {
        null => DBNull.Value,
        Utf8Text text => text.ToString(),
        _ => converters[i]?.ConvertToProvider(value) ?? value,
    };
}
