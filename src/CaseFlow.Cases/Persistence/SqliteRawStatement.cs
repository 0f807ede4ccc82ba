using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// A write statement compiled once on a SQLite connection's native handle and bound by position.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite binds every parameter by name on every execution (a UTF-8 encoding of the name and a native
/// lookup each) and builds a data reader even for a statement that returns no rows: for the instance store's commit,
/// eight to twelve statements and about fifty values, that was a sixth of the commit outside SQLite's own work. Values
/// are bound as Microsoft.Data.Sqlite binds them (integers and booleans as INTEGER, strings as TEXT, and so on), after
/// the model's value converters, so rows read back through EF or ADO.NET are the same. Errors surface as the same
/// <see cref="SqliteException"/>s.
/// </remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int[] _indexes;

    private SqliteRawStatement(sqlite3 db, sqlite3_stmt stmt, int[] indexes)
    {
        _db = db;
        _stmt = stmt;
        _indexes = indexes;
    }

    public static SqliteRawStatement Prepare(SqliteConnection connection, Statement statement)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open");
        var rc = raw.sqlite3_prepare_v2(db, statement.Text, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        // Parameter i is "@p{i}"; its position in the compiled statement is SQLite's to say.
        var indexes = new int[statement.ParameterCount];
        for (var i = 0; i < indexes.Length; i++)
            indexes[i] = raw.sqlite3_bind_parameter_index(stmt, "@p" + i.ToString(CultureInfo.InvariantCulture));
        return new SqliteRawStatement(db, stmt!, indexes);
    }

    /// <summary>Binds parameter <paramref name="i"/> (already converted to its provider value).</summary>
    public void Bind(int i, object? value)
    {
        var index = _indexes[i];
        if (index == 0)
            return;
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_stmt, index),
            string text => BindText(index, text),
            Utf8Text { Span.IsEmpty: false } text => raw.sqlite3_bind_text(_stmt, index, text.Span),
            Utf8Text text => raw.sqlite3_bind_text(_stmt, index, text.ToString()),
            long number => raw.sqlite3_bind_int64(_stmt, index, number),
            int number => raw.sqlite3_bind_int64(_stmt, index, number),
            bool flag => raw.sqlite3_bind_int64(_stmt, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(_stmt, index, real),
            byte[] blob => raw.sqlite3_bind_blob(_stmt, index, blob),
            short number => raw.sqlite3_bind_int64(_stmt, index, number),
            byte number => raw.sqlite3_bind_int64(_stmt, index, number),
            float real => raw.sqlite3_bind_double(_stmt, index, real),
            Enum member => raw.sqlite3_bind_int64(_stmt, index, Convert.ToInt64(member, CultureInfo.InvariantCulture)),
            // As Microsoft.Data.Sqlite binds it, and EF Core reads it back.
            TimeSpan span => BindText(index, span.ToString("c", CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"The instance store binds no {value.GetType().Name} values on SQLite (parameter @p{i})"),
        };
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    // A string bound as SQLitePCL binds it (its UTF-8 bytes, copied by SQLite), without the byte array SQLitePCL
    // allocates per string: a commit binds some forty ids and names. Long and empty strings take SQLitePCL's way (an
    // empty span would bind a null pointer, which SQLite takes as NULL).
    private int BindText(int index, string text)
    {
        if (text.Length is 0 or > MaxStackText)
            return raw.sqlite3_bind_text(_stmt, index, text);
        Span<byte> utf8 = stackalloc byte[MaxStackText * 3];
        return raw.sqlite3_bind_text(_stmt, index, utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
    }

    private const int MaxStackText = 256;

    /// <summary>Runs the statement to its end; the rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        // Reset before anything can throw: a statement left mid-step would hold its read of the database.
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            SqliteException.ThrowExceptionForRC(rc, _db);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Runs a query: <paramref name="read"/> once per row, while the row is current; the statement is reset after.</summary>
    public List<T> Query<T>(Func<RowReader, T> read)
    {
        var rows = new List<T>();
        var reader = new RawRowReader(_stmt);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
                rows.Add(read(reader));
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            // A statement left mid-step would hold its read of the database (and the WAL) open.
            raw.sqlite3_reset(_stmt);
        }

        return rows;
    }

    public void Dispose() => _stmt.Dispose();

    private sealed class RawRowReader(sqlite3_stmt stmt) : RowReader
    {
        public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(stmt, ordinal) == raw.SQLITE_NULL;

        public override string GetString(int ordinal) => raw.sqlite3_column_text(stmt, ordinal).utf8_to_string();

        // SQLite hands out a TEXT value's bytes as they are stored (UTF-8, CaseFlow's databases' encoding) as a blob.
        public override bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
        {
            if (raw.sqlite3_column_type(stmt, ordinal) != raw.SQLITE_TEXT)
            {
                utf8 = default;
                return false;
            }

            utf8 = raw.sqlite3_column_blob(stmt, ordinal);
            return true;
        }

        public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(stmt, ordinal);

        // CaseFlow's model stores times on SQLite as integers (StoreStatements.Time converts them).
        public override DateTimeOffset GetDateTimeOffset(int ordinal) => throw new NotSupportedException("Times on SQLite are stored as integers: read them with StoreStatements.ReadTime");
    }
}

/// <summary>The current row of a query, by column ordinal: over a <see cref="System.Data.Common.DbDataReader"/> or a native SQLite statement.</summary>
internal abstract class RowReader
{
    public abstract bool IsDBNull(int ordinal);

    public abstract string GetString(int ordinal);

    /// <summary>
    /// A TEXT value as UTF-8 without making a string of it, where the reader can (valid until the next row); false
    /// where it cannot: read it with <see cref="GetString"/>.
    /// </summary>
    public virtual bool TryGetUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        return false;
    }

    public abstract long GetInt64(int ordinal);

    /// <summary>A time stored natively by the provider (where the model has no converter for it).</summary>
    public abstract DateTimeOffset GetDateTimeOffset(int ordinal);

    /// <summary>As Microsoft.Data.Sqlite reads a boolean: an integer other than 0 (a provider with a boolean type reads its own).</summary>
    public virtual bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public string? GetNullableString(int ordinal) => IsDBNull(ordinal) ? null : GetString(ordinal);

    /// <summary>Over an ADO.NET reader (databases other than SQLite).</summary>
    public sealed class Ado(System.Data.Common.DbDataReader reader) : RowReader
    {
        public override bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);

        public override string GetString(int ordinal) => reader.GetString(ordinal);

        public override long GetInt64(int ordinal) => reader.GetInt64(ordinal);

        public override DateTimeOffset GetDateTimeOffset(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

        public override bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);
    }
}
