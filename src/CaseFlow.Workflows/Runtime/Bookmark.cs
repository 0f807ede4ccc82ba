using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// What a suspended activity waits for. <see cref="Name"/> defaults to the activity type (<c>Elsa.Event</c>,
/// <c>Elsa.Delay</c>...), <see cref="Payload"/> is the stimulus (<c>{eventName}</c>, <c>{resumeAt}</c>, <c>{taskId}</c>).
/// Senders find bookmarks by <see cref="Hash"/> (name + payload, and the activity instance id unless excluded).
/// </summary>
public sealed class Bookmark
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Hash { get; init; }
    public Dictionary<string, object?> Payload { get; init; } = [];
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityInstanceId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Deleted when used (default). A non-burning bookmark can be resumed many times.</summary>
    public bool AutoBurn { get; init; } = true;

    /// <summary>The activity callback to run on resume; null = the activity's <c>ResumeAsync</c>.</summary>
    public string? CallbackMethodName { get; init; }

    /// <summary>For timer bookmarks: when the runtime must resume it.</summary>
    public DateTimeOffset? DueAt { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    private static readonly JsonSerializerOptions HashJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>SHA-256 over <c>name|JSON(payload)|activityInstanceId?</c>, upper-case hex (Elsa's scheme; keys sorted for stability).</summary>
    public static string ComputeHash(string name, IReadOnlyDictionary<string, object?> payload, string? activityInstanceId, IReadOnlyCollection<string>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var sorted = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in payload)
        {
            if (v is not null && excluded?.Contains(k) != true)
                sorted[char.ToUpperInvariant(k[0]) + k[1..]] = v;
        }

        var text = name + "|" + JsonSerializer.Serialize(sorted, HashJson) + (activityInstanceId is null ? "" : "|" + activityInstanceId);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Options for <see cref="ActivityExecutionContext.CreateBookmark(BookmarkOptions)"/>.</summary>
public sealed class BookmarkOptions
{
    /// <summary>Defaults to the activity's type name.</summary>
    public string? Name { get; init; }

    public Dictionary<string, object?> Payload { get; init; } = [];

    /// <summary>Event, RunTask and ExecuteWorkflow bookmarks exclude it so external senders can compute the hash.</summary>
    public bool IncludeActivityInstanceId { get; init; } = true;

    public bool AutoBurn { get; init; } = true;
    public string? CallbackMethodName { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>Payload keys left out of the hash (Elsa's <c>[ExcludeFromHash]</c>, e.g. RunTask's task name).</summary>
    public IReadOnlyCollection<string>? ExcludeFromHash { get; init; }
}
