namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>
/// The lines written by <c>Elsa.WriteLine</c> in one burst, as a JSON array of strings. Keyed by the instance revision
/// whose commit wrote them: ordered, unique, and assigned without reading anything first.
/// </summary>
public sealed class WrittenLineRow
{
    public required string InstanceId { get; set; }
    public long Revision { get; set; }
    public required string Lines { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
