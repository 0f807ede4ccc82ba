namespace CaseFlow.Tests.Shared;

/// <summary>
/// A definition whose instances wait in an <c>Elsa.StartAt</c> until their input <c>dueAt</c>, then finish: an
/// instance's <c>FinishedAt</c> is when its timer fired. The timer benchmark and the per-second timer tests start them.
/// </summary>
internal static class TimerProbe
{
    public static string Definition(string definitionId) => $$"""
        {
          "id": "{{definitionId}}-v1", "definitionId": "{{definitionId}}", "name": "Timer probe", "version": 1,
          "isLatest": true, "isPublished": true,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "due", "type": "Elsa.StartAt",
                "dateTime": { "typeName": "DateTimeOffset", "expression": { "type": "JavaScript", "value": "getInput('dueAt')" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "due", "port": "In" } }
            ]
          }
        }
        """;
}
