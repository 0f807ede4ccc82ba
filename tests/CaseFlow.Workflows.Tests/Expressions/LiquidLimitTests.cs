using System.Diagnostics;
using System.Text;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.Liquid;

namespace CaseFlow.Workflows.Tests.Expressions;

/// <summary>Issue 9: hostile templates must neither overflow the stack nor fill the memory.</summary>
public sealed class LiquidLimitTests
{
    private const string OutputLimit = "Liquid exceeded the output limit of 1048576 characters";

    private readonly LiquidEvaluator _evaluator = new();
    private readonly TestExpressionContext _context = new();

    private Task<object?> Render(string template, LiquidEvaluator? evaluator = null) =>
        (evaluator ?? _evaluator).EvaluateAsync(new Expression(ExpressionTypes.Liquid, template), _context).AsTask();

    private static string Nested(int depth, string open, string body, string close) =>
        new StringBuilder(depth * (open.Length + close.Length) + body.Length).Insert(0, open, depth).Append(body).Insert(depth * open.Length + body.Length, close, depth).ToString();

    // 20,000 nested ifs overflowed DotLiquid's recursive parser and ended the process; the pre-scan refuses them unparsed.
    [Fact]
    public void A_template_nested_20000_blocks_deep_is_refused_by_the_syntax_check_naming_the_limit()
    {
        var template = "Hi\n" + Nested(20_000, "{% if true %}", "x", "{% endif %}");

        var error = _evaluator.CheckSyntax(template);

        Assert.Equal(new ExpressionSyntaxError(2, 1 + (100 * "{% if true %}".Length), "Liquid template nests deeper than 100 blocks"), error);
    }

    [Fact]
    public async Task A_template_nested_20000_blocks_deep_faults_the_render_with_the_limit_instead_of_overflowing()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Render(Nested(20_000, "{% for i in (1..1) %}", "x", "{% endfor %}")));

        Assert.Equal("Liquid error at 1:" + (1 + (100 * "{% for i in (1..1) %}".Length)) + ": Liquid template nests deeper than 100 blocks", error.Message);
    }

    [Fact]
    public async Task A_template_nested_exactly_to_the_limit_still_renders()
    {
        Assert.Null(_evaluator.CheckSyntax(Nested(100, "{% if true %}", "x", "{% endif %}")));
        // DotLiquid itself refuses to render about 100 nested scopes ("Nesting too deep"), whatever this limit says.
        Assert.Equal("x", await Render(Nested(50, "{%- unless false -%}", "x", "{%- endunless -%}")));
    }

    [Fact]
    public void The_nesting_limit_is_configurable_and_counts_every_block_tag()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxNestingDepth = 3 });

        Assert.Null(evaluator.CheckSyntax("{% for a in b %}{% case a %}{% when 1 %}{% capture c %}x{% endcapture %}{% endcase %}{% endfor %}{% if x %}{% endif %}"));
        Assert.Equal(
            "Liquid template nests deeper than 3 blocks",
            evaluator.CheckSyntax("{% for a in b %}{% case a %}{% when 1 %}{% capture c %}{% if x %}{% endif %}{% endcapture %}{% endcase %}{% endfor %}")?.Message);
    }

    [Fact]
    public void Tags_inside_raw_and_comment_blocks_are_text_and_do_not_count_as_nesting()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxNestingDepth = 2 });

        Assert.Null(evaluator.CheckSyntax("{% raw %}{% if a %}{% if b %}{% if c %}{% endraw %}{% comment %}{% for x in y %}{% for z in x %}{% for w in z %}{% endcomment %}{% if ok %}{% endif %}"));
    }

    [Fact]
    public void Conditions_joining_thousands_of_clauses_are_refused_by_the_syntax_check()
    {
        var template = "{% if " + string.Join(" or ", Enumerable.Repeat("a", 20_000)) + " %}x{% endif %}";

        Assert.Equal("Liquid condition joins more than 100 and/or clauses", _evaluator.CheckSyntax(template)?.Message);
    }

    [Fact]
    public void Outputs_chaining_thousands_of_filters_are_refused_by_the_syntax_check()
    {
        var template = "{{ x" + string.Concat(Enumerable.Repeat(" | upcase", 20_000)) + " }}";

        Assert.Equal("Liquid template chains more than 100 filters in one tag", _evaluator.CheckSyntax(template)?.Message);
    }

    [Fact]
    public void Lookups_nested_thousands_deep_are_refused_by_the_syntax_check()
    {
        var template = "{{ " + Nested(20_000, "a[", "b", "]") + " }}";

        Assert.Equal("Liquid template nests deeper than 100 [ ] lookups", _evaluator.CheckSyntax(template)?.Message);
    }

    [Fact]
    public void A_template_longer_than_the_length_limit_is_refused_before_parsing()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxTemplateLength = 10 });

        Assert.Equal(new ExpressionSyntaxError(1, 1, "Liquid template is longer than the limit of 10 characters (11)"), evaluator.CheckSyntax("Hello {{x}}"));
        Assert.Null(evaluator.CheckSyntax("Hi {{ x }}"));
    }

    // The attack: 2^40 characters by doubling. It must fault at the limit, quickly, having built nothing huge.
    [Theory]
    [InlineData("{% assign s = \"x\" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}")]
    [InlineData("{% assign s = \"x\" %}{% for i in (1..40) %}{% assign s = s | prepend: s %}{% endfor %}{{ s }}")]
    [InlineData("{% assign s = \"x\" %}{% for i in (1..40) %}{% assign s = s | replace: \"x\", \"xx\" %}{% endfor %}{{ s }}")]
    [InlineData("{% assign s = \"xy\" %}{% for i in (1..40) %}{% assign s = s | replace_first: \"y\", s %}{% endfor %}{{ s }}")]
    [InlineData("{% assign s = \"x\" %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s }}")]
    [InlineData("{% assign s = \"x\" %}{% for i in (1..40) %}{% assign a = s | split: \"|\" %}{% assign s = a | concat: a | join: s %}{% endfor %}{{ s }}")]
    [InlineData("{% for i in (1..100000) %}{% tablerow j in (1..3) %}{{ Big }}{% endtablerow %}{% endfor %}")]
    [InlineData("{% for i in (1..100000) %}{{ Big }}{% endfor %}")]
    public async Task Doubling_a_string_faults_at_the_output_limit_without_allocating_it(string template)
    {
        _context.Variables["Big"] = new string('b', 100_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() => Render(template));

        Assert.Equal(OutputLimit, error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        var megabytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1_048_576;
        Assert.True(megabytes < 100, $"allocated {megabytes} MB");
    }

    [Fact]
    public async Task The_output_limit_is_configurable_and_ordinary_templates_stay_within_it()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxOutputLength = 10 });

        Assert.Equal("abcabcabc", await Render("{% for i in (1..3) %}abc{% endfor %}", evaluator));
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Render("{% for i in (1..4) %}abc{% endfor %}", evaluator));
        Assert.Equal("Liquid exceeded the output limit of 10 characters", error.Message);
    }

    [Fact]
    public async Task Bounded_filters_and_tags_keep_the_standard_results()
    {
        _context.Variables["Items"] = new List<object?> { "b", "a", "c" };

        var result = await Render(
            "{{ 'a' | append: 'b' | prepend: '<' }}|{{ 'aXa' | replace: 'a', 'yy' }}|{{ 'aXa' | replace_first: 'a', 'z' }}|{{ Items | sort | join: '-' }}|"
            + "{{ Items | concat: Items | size }}|{{ Items | reverse | last }}|{% capture c %}[{{ Items | first }}]{% endcapture %}{{ c }}|{{ '<&>' | escape }}|{{ (1..3) | join: '' }}|{{ (1..3) }}");

        Assert.Equal("<ab|yyXyy|zXa|a-b-c|6|b|[b]|&lt;&amp;&gt;|123|123", result);
    }
}
