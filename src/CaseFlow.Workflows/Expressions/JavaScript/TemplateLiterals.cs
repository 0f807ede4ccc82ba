using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// A template literal builds its string inside one expression, with no hook between its parts: eight substitutions
/// of a 60 MB string made a 960 MB string (1.5 GB at the peak) that the between-statement memory check never saw.
/// So every untagged template literal with substitutions is compiled as a call to a guarded host function that
/// converts each part exactly as the template would (ToString), reserves the result against the evaluation's budget,
/// and only then joins them. Tagged templates are left alone: the tag function receives the parts, it does not
/// concatenate them. A rewritten line's columns in run-time error messages may shift; syntax errors are reported
/// on the script as written.
/// </summary>
internal static class TemplateLiterals
{
    internal const string FunctionName = "__caseflowTemplate";

    private static readonly JsonSerializerOptions Literal = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The source with its template literals as guarded calls, or null when it has none to rewrite.</summary>
    public static string? Rewrite(string source, Node program)
    {
        var templates = new List<TemplateLiteral>();
        Collect(program, templates);
        if (templates.Count == 0)
        {
            return null;
        }

        templates.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        var output = new StringBuilder(source.Length + (templates.Count * 32));
        Emit(source, templates, 0, source.Length, output);
        return output.ToString();
    }

    public static void Install(Engine engine, AllocationBudget budget)
    {
        var function = new ClrFunction(engine, FunctionName, (_, args) => Join(args, budget));
        // Not writable: a script cannot swap the guarded join for one of its own.
        engine.Global.DefineOwnProperty(FunctionName, new PropertyDescriptor(function, writable: false, enumerable: false, configurable: false));
    }

    // Arguments alternate: cooked text, value, cooked text, …, cooked text.
    private static JsString Join(JsValue[] args, AllocationBudget budget)
    {
        var parts = new string[args.Length];
        long length = 0;
        for (var i = 0; i < args.Length; i++)
        {
            parts[i] = i % 2 == 0 ? args[i].AsString() : TypeConverter.ToString(args[i]);
            length += parts[i].Length;
        }

        // The builder's buffer and the string: two copies of the result.
        budget.Reserve(length * 4.0);
        return new JsString(string.Concat(parts));
    }

    private static void Collect(Node node, List<TemplateLiteral> templates)
    {
        // Explicit stack: a script nested hundreds deep must not cost the walk its own stack.
        var pending = new Stack<(Node Node, bool InTag)>();
        pending.Push((node, false));
        while (pending.Count > 0)
        {
            var (current, inTag) = pending.Pop();
            if (current is TemplateLiteral template && !inTag && template.Expressions.Count > 0)
            {
                templates.Add(template);
            }

            foreach (var child in current.ChildNodes)
            {
                if (child is null)
                {
                    continue;
                }

                // The quasi of a tagged template stays a template; what is inside its substitutions does not.
                pending.Push((child, current is TaggedTemplateExpression tagged && ReferenceEquals(child, tagged.Quasi)));
            }
        }
    }

    // Copies source[start..end], writing each template that starts in it (the outermost first) as a call.
    private static void Emit(string source, List<TemplateLiteral> templates, int start, int end, StringBuilder output)
    {
        var position = start;
        foreach (var template in templates)
        {
            if (template.Range.Start < position || template.Range.End > end)
            {
                continue;
            }

            output.Append(source, position, template.Range.Start - position);
            output.Append(FunctionName).Append('(');
            for (var i = 0; i < template.Quasis.Count; i++)
            {
                output.Append(JsonSerializer.Serialize(template.Quasis[i].Value.Cooked ?? string.Empty, Literal));
                if (i < template.Expressions.Count)
                {
                    var expression = template.Expressions[i];
                    output.Append(", (");
                    Emit(source, templates, expression.Range.Start, expression.Range.End, output);
                    output.Append("), ");
                }
            }

            output.Append(')');
            position = template.Range.End;
        }

        output.Append(source, position, end - position);
    }
}
