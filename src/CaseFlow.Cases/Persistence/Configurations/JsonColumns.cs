using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

/// <summary>
/// Values kept as one JSON text column (form definitions, field values): read whole, never queried inside, the same
/// on SQLite and PostgreSQL. The comparer compares the JSON so EF notices changes made inside a list or dictionary.
/// </summary>
internal static class JsonColumns
{
    public static PropertyBuilder<Dictionary<string, object?>> HasPlainJson(this PropertyBuilder<Dictionary<string, object?>> property) =>
        property.HasConversion(
            v => PersistenceJson.Write(v),
            v => PersistenceJson.ReadObject(v),
            new ValueComparer<Dictionary<string, object?>>(
                (a, b) => PersistenceJson.Write(a) == PersistenceJson.Write(b),
                v => PersistenceJson.Write(v).GetHashCode(StringComparison.Ordinal),
                v => PersistenceJson.ReadObject(PersistenceJson.Write(v))));

    public static PropertyBuilder<List<T>> HasJson<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
            v => PersistenceJson.Write(v),
            v => PersistenceJson.Read<List<T>>(v) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => PersistenceJson.Write(a) == PersistenceJson.Write(b),
                v => PersistenceJson.Write(v).GetHashCode(StringComparison.Ordinal),
                v => PersistenceJson.Read<List<T>>(PersistenceJson.Write(v)) ?? new List<T>()));

    public static PropertyBuilder<Dictionary<string, T>> HasJson<T>(this PropertyBuilder<Dictionary<string, T>> property) =>
        property.HasConversion(
            v => PersistenceJson.Write(v),
            v => PersistenceJson.Read<Dictionary<string, T>>(v) ?? new Dictionary<string, T>(),
            new ValueComparer<Dictionary<string, T>>(
                (a, b) => PersistenceJson.Write(a) == PersistenceJson.Write(b),
                v => PersistenceJson.Write(v).GetHashCode(StringComparison.Ordinal),
                v => PersistenceJson.Read<Dictionary<string, T>>(PersistenceJson.Write(v)) ?? new Dictionary<string, T>()));
}
