using DotLiquid;
using DotLiquid.Tags;
using DotLiquid.Tags.Html;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// DotLiquid's <c>capture</c>, <c>ifchanged</c> and <c>tablerow</c> render their body into a private, unbounded
/// <see cref="StringWriter"/>, out of reach of the bounded output: <c>{% capture s %}{{ s }}{{ s }}{% endcapture %}</c> in
/// a loop would double a string without any filter. These versions wrap the parsed body in a
/// <see cref="BoundedBody"/>, so whatever a body renders is held to the output limit before it reaches that writer.
/// </summary>
internal static class LiquidTags
{
    private static int _registered;

    /// <summary>Replaces the three tags process-wide (DotLiquid's tag table is global); outside a CaseFlow render they are unbounded, as before.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        Template.RegisterTag<BoundedCapture>("capture");
        Template.RegisterTag<BoundedIfChanged>("ifchanged");
        Template.RegisterTag<BoundedTableRow>("tablerow");
    }

    internal sealed class BoundedCapture : Capture
    {
        public override void Initialize(string tagName, string markup, List<string> tokens)
        {
            base.Initialize(tagName, markup, tokens);
            NodeList = [new BoundedBody(NodeList)];
        }
    }

    internal sealed class BoundedIfChanged : IfChanged
    {
        public override void Initialize(string tagName, string markup, List<string> tokens)
        {
            base.Initialize(tagName, markup, tokens);
            NodeList = [new BoundedBody(NodeList)];
        }
    }

    internal sealed class BoundedTableRow : TableRow
    {
        public override void Initialize(string tagName, string markup, List<string> tokens)
        {
            base.Initialize(tagName, markup, tokens);
            NodeList = [new BoundedBody(NodeList)];
        }
    }

    /// <summary>Renders a parsed body into a bounded writer, then hands the result on in one write.</summary>
    internal sealed class BoundedBody : DotLiquid.Block
    {
        public BoundedBody(List<object> nodes)
        {
            NodeList = nodes;
        }

        public override void Render(Context context, TextWriter result)
        {
            var limits = LiquidLimits.Current;
            if (limits is null)
            {
                base.Render(context, result);
                return;
            }

            using var body = new BoundedWriter(result.FormatProvider, limits.MaxLength);
            base.Render(context, body);
            result.Write(body.ToString());
        }
    }
}
