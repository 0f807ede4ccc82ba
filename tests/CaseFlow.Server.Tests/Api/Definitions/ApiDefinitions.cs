using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Server.Tests.Api.Definitions;

/// <summary>Elsa 3 definitions for the API tests: a flowchart from Elsa.Start through the given activities in order.</summary>
internal static class ApiDefinitions
{
    public static JsonObject Flow(string definitionId, string name, params JsonObject[] activities) =>
        Flow(definitionId, name, [], activities);

    public static JsonObject Flow(string definitionId, string name, JsonObject[] variables, params JsonObject[] activities)
    {
        var all = new List<JsonObject> { Activity("start", "Elsa.Start") };
        all.AddRange(activities);
        var connections = new JsonArray();
        for (var i = 1; i < all.Count; i++)
        {
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = all[i - 1]["id"]!.GetValue<string>(), ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = all[i]["id"]!.GetValue<string>(), ["port"] = "In" },
            });
        }

        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = name,
            ["variables"] = new JsonArray([.. variables]),
            ["root"] = new JsonObject
            {
                ["id"] = "flow",
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray([.. all]),
                ["connections"] = connections,
            },
        };
    }

    public static JsonObject WriteLine(string id, string text, string expressionType = "Literal")
    {
        var activity = Activity(id, "Elsa.WriteLine");
        activity["text"] = Input("String", expressionType, text);
        return activity;
    }

    public static JsonObject Event(string id, string eventName)
    {
        var activity = Activity(id, "Elsa.Event");
        activity["eventName"] = Input("String", "Literal", eventName);
        return activity;
    }

    public static JsonObject RunJavaScript(string id, string script)
    {
        var activity = Activity(id, "Elsa.RunJavaScript");
        activity["script"] = Input("String", "Literal", script);
        return activity;
    }

    public static JsonObject Variable(string name, string typeName, string value) =>
        new() { ["id"] = "var-" + name, ["name"] = name, ["typeName"] = typeName, ["value"] = value };

    public static StringContent Body(JsonNode json) => Body(json.ToJsonString());

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Saves and publishes a definition through the API; fails the test when either step is refused.</summary>
    public static async Task PublishAsync(HttpClient http, JsonObject definition)
    {
        (await http.PostAsync("/api/workflow-definitions", Body(definition))).EnsureSuccessStatusCode();
        var id = definition["definitionId"]!.GetValue<string>();
        (await http.PostAsync($"/api/workflow-definitions/{id}/publish", null)).EnsureSuccessStatusCode();
    }

    private static JsonObject Activity(string id, string type) => new() { ["id"] = id, ["type"] = type, ["version"] = 1 };

    private static JsonObject Input(string typeName, string expressionType, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } };
}
