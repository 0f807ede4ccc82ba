using System.Buffers;
using System.Text;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// A text parameter written as UTF-8 into a buffer its session keeps (the instance snapshot, a burst's journal). SQLite binds it as TEXT
/// straight from those bytes, the bytes a string of it would have been encoded to, so the stored value, its type and
/// what every reader reads back are the same; other providers bind it as a string (<see cref="ToString"/>).
/// </summary>
/// <remarks>
/// Binding them as strings made two copies of each per commit (1-2 KB each): UTF-8 to a .NET string after writing the
/// JSON, and back to UTF-8 for SQLite.
/// </remarks>
internal sealed class Utf8Text
{
    private const int KeptCapacity = 1 << 20;

    private ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>Empties the text and returns the buffer to write it into.</summary>
    public IBufferWriter<byte> Start()
    {
        // One huge text does not keep a megabyte per session.
        if (_buffer.Capacity > KeptCapacity)
            _buffer = new ArrayBufferWriter<byte>(4096);
        _buffer.ResetWrittenCount();
        return _buffer;
    }

    public ReadOnlySpan<byte> Span => _buffer.WrittenSpan;

    public override string ToString() => Encoding.UTF8.GetString(_buffer.WrittenSpan);
}
