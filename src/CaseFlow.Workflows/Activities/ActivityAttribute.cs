namespace CaseFlow.Workflows.Activities;

/// <summary>Names an activity type and describes it for the designer's palette.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeName) : Attribute
{
    /// <summary>The type name written in JSON, e.g. <c>Elsa.WriteLine</c>.</summary>
    public string TypeName { get; } = typeName;

    public string Category { get; set; } = "Miscellaneous";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public ActivityKind Kind { get; set; } = ActivityKind.Action;
    public int Version { get; set; } = 1;
    public bool IsBrowsable { get; set; } = true;

    /// <summary>Completing this activity completes its enclosing flowchart at once (End, Finish, Complete).</summary>
    public bool IsTerminal { get; set; }

    public bool IsStart { get; set; }
}

/// <summary>Elsa's activity kinds: triggers can start workflows; tasks and jobs run work outside the flow.</summary>
public enum ActivityKind
{
    Action,
    Trigger,
    Task,
    Job,
}

/// <summary>The static outcomes (flow ports) of an activity; absent means <c>Done</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OutcomesAttribute(params string[] outcomes) : Attribute
{
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}

/// <summary>Describes an input property for the designer and for validation.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    /// <summary>The JSON property name; defaults to the camel-cased property name.</summary>
    public string? Name { get; set; }

    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? UIHint { get; set; }
    public string? Category { get; set; }
    public object? DefaultValue { get; set; }

    /// <summary>The expression syntax offered by default in the designer.</summary>
    public string DefaultSyntax { get; set; } = "Literal";

    public bool IsRequired { get; set; }

    /// <summary>False when the JSON holds the value directly rather than an <c>{typeName, expression}</c> wrapper (e.g. SetVariable.variable, FlowSwitch.cases).</summary>
    public bool IsWrapped { get; set; } = true;

    public bool IsReadOnly { get; set; }
    public bool IsBrowsable { get; set; } = true;
    public int Order { get; set; }

    /// <summary>For dropdowns/radio lists: the allowed values.</summary>
    public string[]? Options { get; set; }

    /// <summary>The input holds dynamic outcomes (e.g. FlowFork.branches): each value becomes a port.</summary>
    public bool IsDynamicOutcomes { get; set; }
}

/// <summary>Describes an output property.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
}

/// <summary>UI hints understood by Elsa Studio and by CaseFlow's designer.</summary>
public static class UIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string CheckList = "checklist";
    public const string Dropdown = "dropdown";
    public const string RadioList = "radiolist";
    public const string CodeEditor = "code-editor";
    public const string JsonEditor = "json-editor";
    public const string Dictionary = "dictionary";
    public const string MultiText = "multitext";
    public const string DateTimePicker = "datetime-picker";
    public const string DynamicOutcomes = "dynamic-outcomes";
    public const string OutcomePicker = "outcome-picker";
    public const string FlowSwitchEditor = "flow-switch-editor";
    public const string VariablePicker = "variable-picker";
    public const string WorkflowDefinitionPicker = "workflow-definition-picker";
    public const string ExpressionEditor = "expression-editor";
}
