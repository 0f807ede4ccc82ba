using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Definitions;

/// <summary>A flowchart edge: from an activity's outcome port to another activity (target port conventionally <c>In</c>).</summary>
public sealed class Connection
{
    public Endpoint Source { get; set; } = new();
    public Endpoint Target { get; set; } = new();

    /// <summary>Designer bend points (<c>[{x,y}]</c>), kept as written.</summary>
    public JsonArray? Vertices { get; set; }

    /// <summary>Unknown connection properties, kept verbatim.</summary>
    public JsonObject Extra { get; set; } = [];

    public override string ToString() => $"{Source.Activity}:{Source.Port}->{Target.Activity}:{Target.Port}";
}

/// <summary>One end of a connection.</summary>
public sealed class Endpoint
{
    public string Activity { get; set; } = "";
    public string Port { get; set; } = "";
}
