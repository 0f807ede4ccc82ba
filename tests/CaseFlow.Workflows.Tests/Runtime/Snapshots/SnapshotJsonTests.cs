using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Flowchart;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime.Snapshots;

/// <summary>
/// The hand-written snapshot JSON (<c>SnapshotJsonWriter</c>, <c>SnapshotJsonReader</c>) against the serializer's:
/// the same text byte for byte, and the same objects (types, dictionary comparers, numbers as int, long or double,
/// times with their offsets), on snapshots of every golden workflow after every burst and on a snapshot holding every
/// kind of value; JSON in any other shape is read by the serializer.
/// </summary>
public class SnapshotJsonTests
{
    [Theory]
    [MemberData(nameof(SnapshotTests.Goldens), MemberType = typeof(SnapshotTests))]
    public async Task Snapshots_of_a_golden_workflow_after_every_burst_are_written_and_read_as_the_serializer_does(string golden)
    {
        var clock = new TestClock();
        var provider = new InMemoryWorkflowDefinitionProvider(Golden.FileNames().Select(Golden.Load));
        var runner = WorkflowEngine.CreateRunner(provider, clock);
        var workflow = await runner.StartAsync(Golden.Load(golden), new StartWorkflowOptions { InstanceId = "instance-1", CorrelationId = "客户-42" });
        AssertSameAsSerializer(workflow.CreateSnapshot());

        for (var step = 0; step < 50 && workflow.State.Status == WorkflowStatus.Running; step++)
        {
            var next = workflow.State.Bookmarks.FirstOrDefault(b => !TimerBookmarks.Names.Contains(b.Name)) ?? workflow.State.Bookmarks.OrderBy(b => b.DueAt).FirstOrDefault();
            if (next is null)
                break;
            if (next.DueAt is { } due && due > clock.GetUtcNow())
                clock.Advance(due - clock.GetUtcNow());
            object? input = step % 2 == 0 ? $"投诉 \"{step}\" \\ é\n" : Values();
            await runner.ResumeAsync(workflow, next.Id, next.Name == "Elsa.Delay" ? null : input);
            AssertSameAsSerializer(workflow.CreateSnapshot());
        }
    }

    [Fact]
    public void A_snapshot_holding_every_kind_of_value_is_written_and_read_as_the_serializer_does()
    {
        AssertSameAsSerializer(EveryKindOfValue());
    }

    [Fact]
    public void A_snapshot_with_null_and_empty_parts_is_written_and_read_as_the_serializer_does()
    {
        AssertSameAsSerializer(new WorkflowSnapshot
        {
            State = new WorkflowState { Id = "i", DefinitionId = "d", DefinitionVersionId = "d-v1", Outcomes = [] },
            Contexts = [new ActivityContextSnapshot { Id = "c", NodeId = "n", Scope = new WorkflowScopeSnapshot { Outcomes = [] }, Properties = [], Variables = [] }],
            LastResult = new Dictionary<string, object?>(),
            Scheduled = [new ScheduledWorkSnapshot { OwnerId = "c" }],
        });
    }

    [Theory]
    [InlineData("\"schemaVersion\":1", "\"SchemaVersion\":1")] // other letter case
    [InlineData("\"schemaVersion\":1", "\"schemaVersion\":\"1\"")] // a number in a string
    [InlineData("\"subStatus\":\"Suspended\"", "\"subStatus\":2")] // an enum by number
    [InlineData("\"subStatus\":\"Suspended\"", "\"subStatus\":\"suspended\"")] // an enum in other letter case
    [InlineData(",\"appliedStimuli\":[\"s1\",\"s2\"]", "")] // a property missing: its default
    [InlineData("\"scheduled\":[", "\"unknown\":{\"a\":[1]},\"scheduled\":[")] // an unknown property
    [InlineData("\"payload\":{\"eventName\":\"Go\",", "\"payload\":{\"eventName\":\"Go\",\"eventName\":\"Again\",")] // a repeated key
    [InlineData("\"definitionVersion\":3", "\"definitionVersion\":3,\"definitionVersion\":4")] // a repeated property
    [InlineData("\"appliedStimuli\":[", "\"appliedStimuli\":null,\"x\":[")] // a null collection
    public void Json_in_another_shape_is_read_as_the_serializer_reads_it(string written, string replacement)
    {
        var json = WorkflowSnapshotSerializer.SerializeWithSerializer(EveryKindOfValue());
        Assert.Contains(written, json, StringComparison.Ordinal);
        json = json.Replace(written, replacement, StringComparison.Ordinal);

        Assert.Null(SnapshotJsonReader.TryRead(Encoding.UTF8.GetBytes(json), WorkflowSnapshotSerializer.ReaderOptions));
        AssertReadAsSerializer(json);
    }

    [Fact]
    public void Properties_in_another_order_are_read_as_the_serializer_reads_them()
    {
        var json = WorkflowSnapshotSerializer.SerializeWithSerializer(EveryKindOfValue());
        var reordered = new JsonObjectOrder(json).Reversed();
        Assert.NotEqual(json, reordered);

        Assert.NotNull(SnapshotJsonReader.TryRead(Encoding.UTF8.GetBytes(reordered), WorkflowSnapshotSerializer.ReaderOptions));
        AssertReadAsSerializer(reordered);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":1")]
    [InlineData("{\"schemaVersion\":1} {}")]
    [InlineData("{\"schemaVersion\":2,\"state\":{\"id\":\"i\",\"definitionId\":\"d\",\"definitionVersionId\":\"v\"}}")]
    public void Json_that_is_no_snapshot_fails_as_it_fails_in_the_serializer(string json)
    {
        var expected = Record.Exception(() => WorkflowSnapshotSerializer.DeserializeWithSerializer(json));
        Assert.NotNull(expected);

        Assert.IsType(expected.GetType(), Record.Exception(() => WorkflowSnapshotSerializer.Deserialize(json)));
        Assert.IsType(expected.GetType(), Record.Exception(() => WorkflowSnapshotSerializer.Deserialize(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void A_value_nested_deeper_than_the_serializer_allows_fails_to_write_as_it_fails_in_the_serializer()
    {
        object? deep = "bottom";
        for (var i = 0; i < 70; i++)
            deep = new List<object?> { deep };
        var snapshot = new WorkflowSnapshot { State = new WorkflowState { Id = "i", DefinitionId = "d", DefinitionVersionId = "v" }, LastResult = deep };

        var expected = Record.Exception(() => WorkflowSnapshotSerializer.SerializeWithSerializer(snapshot));
        Assert.NotNull(expected);
        Assert.IsType(expected.GetType(), Record.Exception(() => WorkflowSnapshotSerializer.Serialize(snapshot)));
    }

    private static void AssertSameAsSerializer(WorkflowSnapshot snapshot)
    {
        var expected = WorkflowSnapshotSerializer.SerializeWithSerializer(snapshot);
        Assert.Equal(expected, WorkflowSnapshotSerializer.Serialize(snapshot));
        // Read by the hand-written reader, not handed on to the serializer.
        Assert.NotNull(SnapshotJsonReader.TryRead(Encoding.UTF8.GetBytes(expected), WorkflowSnapshotSerializer.ReaderOptions));
        AssertReadAsSerializer(expected);
    }

    private static void AssertReadAsSerializer(string json)
    {
        var expected = WorkflowSnapshotSerializer.DeserializeWithSerializer(json);
        AssertSameObjects(expected, WorkflowSnapshotSerializer.Deserialize(json), "snapshot");
        AssertSameObjects(expected, WorkflowSnapshotSerializer.Deserialize(Encoding.UTF8.GetBytes(json)), "snapshot (UTF-8)");
    }

    private static Dictionary<string, object?> Values() => new()
    {
        ["text"] = "投诉处理中 \"引号\" \\ / \b\f\n\r\t \u0001 <script>&amp; 😀 é",
        ["int"] = 7,
        ["negative"] = -2_147_483_648,
        ["long"] = 5_000_000_000L,
        ["double"] = 1.5,
        ["tiny"] = 1e-300,
        ["huge"] = -1.7976931348623157e308,
        ["whole double"] = 2.0,
        ["flag"] = true,
        ["off"] = false,
        ["none"] = null,
        ["empty object"] = new Dictionary<string, object?>(),
        ["empty list"] = new List<object?>(),
        ["list"] = new List<object?> { 1, "a", null, 2.5, new Dictionary<string, object?> { ["deep"] = new List<object?> { false, "键" } } },
        ["键 \"quoted\""] = "值",
    };

    private static WorkflowSnapshot EveryKindOfValue()
    {
        var at = new DateTimeOffset(2026, 12, 4, 10, 5, 7, 278, TimeSpan.FromHours(8)).AddTicks(4032);
        var bookmark = new Bookmark
        {
            Id = "b1",
            Name = "Elsa.Event",
            Hash = "873FF512",
            Payload = new Dictionary<string, object?> { ["eventName"] = "Go", ["extra"] = Values() },
            ActivityId = "go",
            ActivityNodeId = "Workflow1:fc:go",
            ActivityInstanceId = "a3",
            CreatedAt = at,
            AutoBurn = false,
            CallbackMethodName = "OnResumeAsync",
            DueAt = at.AddMinutes(5).ToOffset(TimeSpan.FromHours(-5)),
            Metadata = new Dictionary<string, string> { ["k"] = "v", ["中文"] = "\"x\"", ["null"] = null! },
        };
        var state = new WorkflowState
        {
            Id = "0763de11",
            DefinitionId = "投诉-flow",
            DefinitionVersionId = "投诉-flow-v3",
            DefinitionVersion = 3,
            CorrelationId = "case \"42\"",
            Name = "Complaint 投诉",
            ParentWorkflowInstanceId = "parent-1",
            SubStatus = WorkflowSubStatus.Suspended,
            Input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Customer"] = Values(), ["n"] = 1 },
            Output = new Dictionary<string, object?> { ["result"] = "ok", ["count"] = 5_000_000_000L },
            Bookmarks = [bookmark, new Bookmark { Id = "b2", Name = "Elsa.Delay", Hash = "H", ActivityId = "d", ActivityNodeId = "n:d", ActivityInstanceId = "a4", DueAt = at }],
            Incidents =
            [
                new ActivityIncident("inc1", "js", "Workflow1:fc:js", "a5", "Elsa.RunJavaScript", "boom \"引号\"", new ExceptionState("System.InvalidOperationException", "outer", "  at X()\n  at Y()", new ExceptionState("System.Exception", "inner 中", null, null)), at),
                new ActivityIncident("inc2", "js", "Workflow1:fc:js", "a6", "Elsa.RunJavaScript", "no exception", null, at.ToUniversalTime()),
            ],
            Outcomes = ["Done", "完成"],
            CreatedAt = at,
            UpdatedAt = at.AddSeconds(1),
            FinishedAt = at.AddSeconds(2),
            ExecutionLogSequence = 123_456_789_012,
            TriggerActivityId = "start",
            AppliedStimuli = ["s1", "s2"],
        };
        var scope = new FlowScope(3, 2);
        scope.ActivityVisits[0] = 1;
        scope.ConnectionVisits[1] = 9_000_000_000;
        scope.LastFollowed[0] = true;
        return new WorkflowSnapshot
        {
            State = state,
            Contexts =
            [
                new ActivityContextSnapshot
                {
                    Id = "a1",
                    NodeId = "Workflow1",
                    Status = ActivityStatus.Running,
                    StartedAt = at,
                    Scope = new WorkflowScopeSnapshot { Inputs = Values(), Outputs = new Dictionary<string, object?> { ["o"] = null }, Outcomes = ["Done"] },
                    Variables = new Dictionary<string, object?>
                    {
                        ["Due"] = at,
                        ["Amount"] = 12.50m,
                        ["Id"] = Guid.Parse("0b5c7e6e-6f2a-4b8e-9d55-3e3c1c6b2f10"),
                        ["Names"] = new[] { "a", "b" },
                        ["Typed"] = new List<string> { "x" },
                        ["Plain"] = Values(),
                        ["Blank"] = new object(),
                    },
                },
                new ActivityContextSnapshot
                {
                    Id = "a2",
                    NodeId = "Workflow1:fc",
                    ParentId = "a1",
                    Status = ActivityStatus.Faulted,
                    StartedAt = at.AddTicks(1),
                    ScheduledByBackwardConnection = true,
                    Properties = new Dictionary<string, object?> { ["FlowStart"] = 0, ["FlowScope"] = scope, ["Plain"] = Values() },
                },
            ],
            Outputs = new Dictionary<string, Dictionary<string, object?>> { ["js"] = new() { ["Result"] = Values() }, ["empty"] = [] },
            LastResult = new List<object?> { "last", 1, Values() },
            Scheduled =
            [
                new ScheduledWorkSnapshot { NodeId = "Workflow1:fc:next", OwnerId = "a2", Backward = true, Input = Values() },
                new ScheduledWorkSnapshot { OwnerId = "a2", Bookmark = bookmark, Input = "resume 输入" },
            ],
        };
    }

    /// <summary>
    /// Compares what two reads made: the same runtime types, dictionaries with the same comparer and entries in the same
    /// order, lists in order, times with their offsets, every public property of every object.
    /// </summary>
    private static void AssertSameObjects(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} vs {actual ?? "null"}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType(), $"{path}: {expected.GetType()} vs {actual.GetType()}");
        switch (expected)
        {
            case string or bool or int or long or double or Enum:
                Assert.True(expected.Equals(actual), $"{path}: {expected} vs {actual}");
                return;
            case DateTimeOffset time:
                Assert.True(time.EqualsExact((DateTimeOffset)actual), $"{path}: {time:O} vs {actual:O}");
                return;
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                var comparer = expected.GetType().GetProperty("Comparer")!;
                Assert.True(Equals(comparer.GetValue(expected), comparer.GetValue(actual)), $"{path}: another key comparer");
                Assert.Equal(dictionary.Keys.Cast<object>(), other.Keys.Cast<object>());
                foreach (DictionaryEntry entry in dictionary)
                    AssertSameObjects(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                return;
            case IList list:
                var items = (IList)actual;
                Assert.True(list.Count == items.Count, $"{path}: {list.Count} vs {items.Count} items");
                for (var i = 0; i < list.Count; i++)
                    AssertSameObjects(list[i], items[i], $"{path}[{i}]");
                return;
        }

        var properties = expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        Assert.NotEmpty(properties);
        foreach (var property in properties)
            AssertSameObjects(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }

    /// <summary>A JSON text with the properties of every object in reverse order.</summary>
    private sealed class JsonObjectOrder(string json)
    {
        public string Reversed()
        {
            using var document = JsonDocument.Parse(json);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                Write(writer, document.RootElement);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject().Reverse())
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                        Write(writer, item);
                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }
}
