using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CaseFlow.Server.Tests.Security;

/// <summary>One generated attack: a definition's JSON and whether running it must break a sandbox limit.</summary>
internal sealed record HostileDefinition(string Name, string DefinitionId, string Json, bool BreaksALimitWhenRun)
{
    public override string ToString() => Name;
}

/// <summary>
/// Builds hostile definitions from a seeded random source: nesting far beyond what a recursive parser survives (JSON,
/// Liquid, JavaScript), huge literals, long chains, and scripts and templates built to allocate or loop without end.
/// The deep texts are built as strings, never as object trees: the generator itself must not recurse.
/// </summary>
internal sealed class HostileDefinitions(int seed)
{
    private readonly Random _random = new(seed);
    private int _count;

    /// <summary>Every kind of attack once, each with freshly drawn sizes, then <paramref name="extra"/> drawn at random.</summary>
    public IReadOnlyList<HostileDefinition> Generate(int extra)
    {
        var kinds = Kinds();
        var all = kinds.Select(kind => kind()).ToList();
        for (var i = 0; i < extra; i++)
            all.Add(kinds[_random.Next(kinds.Count)]());
        return all;
    }

    private List<Func<HostileDefinition>> Kinds() =>
    [
        // Deep nesting: the parsers and every recursive walk after them (reader, validator, compiler, snapshot).
        () => NestedFlowcharts(Depth(90)),
        () => Line("json-deep-array-input", Repeat("[", Depth(2)) + Repeat("]", _lastDepth), raw: true),
        () => Line("json-deep-object-literal", Repeat("{\"a\":", Depth(8)) + "1" + Repeat("}", _lastDepth), expressionType: "Object"),
        () => Line("liquid-nested-if", Repeat("{% if true %}", Depth(24)) + "x" + Repeat("{% endif %}", _lastDepth), expressionType: "Liquid"),
        () => Line("liquid-nested-output", Repeat("{{ ", Depth(6)) + "x" + Repeat(" }}", _lastDepth), expressionType: "Liquid"),
        () => Line("js-nested-parentheses", Repeat("(", Depth(2)) + "1" + Repeat(")", _lastDepth), expressionType: "JavaScript"),
        () => Line("js-nested-arrays", Repeat("[", Depth(2)) + Repeat("]", _lastDepth), expressionType: "JavaScript"),
        () => Line("js-unary-chain", Repeat("!", Depth(1)) + "0", expressionType: "JavaScript"),
        () => Line("js-nested-functions", Repeat("(function(){return ", Depth(23)) + "1" + Repeat("})()", _lastDepth), expressionType: "JavaScript"),

        // Size: a literal near the request limit, and a chain of thousands of activities.
        () => Line("huge-literal", new string('x', _random.Next(200_000, 900_000))),
        () => LongChain(_random.Next(1_500, 3_000)),

        // Run-time bombs: each must end in an incident that names the limit it broke.
        () => Bomb("js-repeat", "'x'.repeat(1e9).length"),
        () => Bomb("js-join", "new Array(501).join('x'.repeat(1e6)).length"),
        () => Bomb("js-replace-all", "'x'.repeat(1e5).replaceAll('x', 'y'.repeat(2500)).length"),
        () => Bomb("js-pad", "'x'.padStart(2e9, 'ab').length"),
        () => Bomb("js-array-buffer", "new ArrayBuffer(2e9).byteLength"),
        () => Bomb("js-typed-array", "new Float64Array(5e8).length"),
        () => Bomb("js-array-fill", "new Array(1e8).fill('xy').length"),
        () => Bomb("js-array-from", "Array.from({ length: 1e8 }, (_, i) => i).length"),
        () => Bomb("js-json", "JSON.stringify(new Array(2e7).fill(12345678)).length"),
        () => Bomb("js-push-loop", "const a = []; for (;;) a.push('x'.repeat(1000)); a.length"),
        () => Bomb("js-busy-loop", "for (;;) {} 1"),
        () => Bomb("js-regex", "/(a+)+$/.test('a'.repeat(40) + 'b')"),
        () => Bomb("js-redefined-number", "Number = function () { return 0; }; 'x'.repeat(1e9).length"),
        // Read once, the size is 1 and the run finishes; read twice, the original would build 10^9 characters (the
        // peak-memory check sees that).
        () => Line("js-shifting-value-of", "let n = 0; 'x'.repeat({ valueOf() { return n++ ? 1e9 : 1; } }).length", expressionType: "JavaScript"),
        () => Bomb("js-template", "const s = 'x'.repeat(3e7); `${s}${s}${s}${s}${s}${s}${s}${s}`.length"),
        () => Bomb("js-recursion", "(function f(n) { return f(n + 1) + 1; })(0)"),
        () => Bomb("liquid-append-doubling",
            "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}", "Liquid"),
        () => Bomb("liquid-replace-doubling",
            "{% assign s = 'xx' %}{% for i in (1..40) %}{% assign s = s | replace: 'x', 'xx' %}{% endfor %}{{ s | size }}", "Liquid"),
        () => Bomb("liquid-output", "{% for i in (1..100000000) %}xxxxxxxxxxxxxxxx{% endfor %}", "Liquid"),
        () => VariableBomb("variable-from-javascript", "'x'.repeat(3e7)", "JavaScript"),
        () => VariableBomb("variable-from-liquid",
            "{% assign s = 'x' %}{% for i in (1..26) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "Liquid"),
    ];

    private int _lastDepth;

    // From 20,000 (DotLiquid's parser already overflowed there) to 200,000, as far as the nesting still fits in a
    // request body of the default 1 MiB limit (a bigger body only tests the 413).
    private int Depth(int bytesPerLevel)
    {
        var most = Math.Min(200_000, 900_000 / bytesPerLevel);
        return _lastDepth = _random.Next(Math.Min(20_000, most / 2), most);
    }

    private string NextId(string name) => $"fuzz-{name}-{(++_count).ToString(CultureInfo.InvariantCulture)}";

    private HostileDefinition Line(string name, string text, bool raw = false, string expressionType = "Literal")
    {
        var id = NextId(name);
        var input = raw ? text : Input("String", expressionType, text);
        return new HostileDefinition(name, id, Definition(id, Start() + "," + WriteLine("line", input), Connection("start", "line")), false);
    }

    private HostileDefinition Bomb(string name, string source, string expressionType = "JavaScript")
    {
        var id = NextId(name);
        var line = WriteLine("bomb", Input("String", expressionType, source));
        return new HostileDefinition(name, id, Definition(id, Start() + "," + line, Connection("start", "bomb")), true);
    }

    private HostileDefinition VariableBomb(string name, string source, string expressionType)
    {
        var id = NextId(name);
        var set = $$"""
            {"id":"set","type":"Elsa.SetVariable","version":1,"customProperties":{},"metadata":{},
             "variable":{"id":"var-big","name":"Big","typeName":"String"},"value":{{Input("Object", expressionType, source)}}}
            """;
        var variables = """[{"id":"var-big","name":"Big","typeName":"String","isArray":false}]""";
        return new HostileDefinition(name, id, Definition(id, Start() + "," + set, Connection("start", "set"), variables), true);
    }

    private HostileDefinition NestedFlowcharts(int depth)
    {
        var id = NextId("json-nested-flowcharts");
        var open = new StringBuilder();
        for (var i = 0; i < depth; i++)
            open.Append("{\"id\":\"f").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\",\"type\":\"Elsa.Flowchart\",\"version\":1,\"activities\":[");
        var close = Repeat("""],"connections":[]}""", depth);
        var activities = Start() + "," + open + WriteLine("deep", Input("String", "Literal", "deep")) + close;
        return new HostileDefinition("json-nested-flowcharts", id, Definition(id, activities, ""), false);
    }

    private HostileDefinition LongChain(int length)
    {
        var id = NextId("long-chain");
        var activities = new StringBuilder(Start());
        var connections = new StringBuilder();
        var previous = "start";
        for (var i = 0; i < length; i++)
        {
            var name = "w" + i.ToString(CultureInfo.InvariantCulture);
            activities.Append(',').Append(WriteLine(name, Input("String", "Literal", "step")));
            connections.Append(connections.Length > 0 ? "," : "").Append(Connection(previous, name));
            previous = name;
        }

        return new HostileDefinition("long-chain", id, Definition(id, activities.ToString(), connections.ToString()), false);
    }

    private static string Definition(string id, string activities, string connections, string variables = "[]") => $$"""
        {"id":"{{id}}-v1","definitionId":"{{id}}","name":"{{id}}","version":1,"variables":{{variables}},"inputs":[],"outputs":[],
         "outcomes":[],"customProperties":{},"isPublished":true,"isLatest":true,
         "root":{"id":"root","type":"Elsa.Flowchart","version":1,"customProperties":{},"metadata":{},
                 "activities":[{{activities}}],"connections":[{{connections}}]
        """ + "}}";

    // Quotes as \" rather than \u0022, so deep nesting fits in the body.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Start() => """{"id":"start","type":"Elsa.Start","version":1,"customProperties":{},"metadata":{}}""";

    private static string WriteLine(string id, string text) =>
        $$"""{"id":"{{id}}","type":"Elsa.WriteLine","version":1,"customProperties":{},"metadata":{},"text":{{text}}}""";

    private static string Input(string typeName, string expressionType, string value) =>
        $$"""{"typeName":"{{typeName}}","expression":{"type":"{{expressionType}}","value":{{JsonSerializer.Serialize(value, Relaxed)}}""" + "}}";

    private static string Connection(string source, string target) =>
        $$"""{"source":{"activity":"{{source}}","port":"Done"},"target":{"activity":"{{target}}","port":"In"},"vertices":[]}""";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
