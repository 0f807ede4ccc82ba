using System.Text;
using CaseFlow.Cases.Persistence;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>
/// <see cref="SqliteRawStatement"/> binds text without SQLitePCL's byte array per string (on the stack, or from a
/// <see cref="Utf8Text"/> buffer): SQLite must store exactly what SQLitePCL's string binding stores.
/// </summary>
public sealed class SqliteRawStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteRawStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE T (Id INTEGER NOT NULL, Bound TEXT, Reference TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    public static TheoryData<string> Texts() =>
    [
        "",
        "a",
        "投诉处理中 \"引号\" \\ \n\t é 😀",
        "nul\0inside",
        "\0starts with nul",
        "lone \uD800 surrogate",
        new string('x', 256),
        new string('投', 256),
        new string('x', 257) + "é",
        string.Concat(Enumerable.Repeat("长文本 ", 500)),
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_string_is_stored_as_SQLitePCLs_string_binding_stores_it(string text)
    {
        Bind(text);
        Reference(text);
        AssertSameText();
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_utf8_buffer_is_stored_as_the_string_it_encodes(string text)
    {
        var buffer = new Utf8Text();
        var output = buffer.Start();
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
        Bind(buffer);
        Reference(text);
        AssertSameText();
    }

    private void Bind(object value)
    {
        using var statement = SqliteRawStatement.Prepare(_connection, new Statement("INSERT INTO T (Id, Bound) VALUES (@p0, @p1)", [null, null], []));
        statement.Bind(0, 1L);
        statement.Bind(1, value);
        Assert.Equal(1, statement.Execute());
    }

    // What the store bound before: SQLitePCL's string overload on a statement of its own.
    private void Reference(string text)
    {
        var db = _connection.Handle!;
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, "UPDATE T SET Reference = ?1 WHERE Id = 1", out var stmt));
        using (stmt)
        {
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_bind_text(stmt, 1, text));
            Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(stmt));
        }
    }

    private void AssertSameText()
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT typeof(Bound), typeof(Reference), hex(Bound), hex(Reference), Bound FROM T WHERE Id = 1";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("text", reader.GetString(0));
        Assert.Equal(reader.GetString(1), reader.GetString(0));
        Assert.Equal(reader.GetString(3), reader.GetString(2));
    }
}
