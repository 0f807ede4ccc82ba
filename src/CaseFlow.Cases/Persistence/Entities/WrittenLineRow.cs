namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>
/// A line written by <c>Elsa.WriteLine</c>. Keyed by the instance revision whose commit wrote it and its index in
/// that burst: ordered, unique, and assigned without reading anything first.
/// </summary>
public sealed class WrittenLineRow
{
    public required string InstanceId { get; set; }
    public long Revision { get; set; }
    public int Index { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
