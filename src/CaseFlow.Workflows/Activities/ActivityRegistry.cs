using System.Collections.Concurrent;
using System.Reflection;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Activities;

/// <summary>
/// Knows every activity type: builds one stateless instance and one descriptor per class from its metadata
/// attributes. The designer's palette and the validator read the descriptors; the runtime resolves types here.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityDescriptor> _byTypeName = new(StringComparer.Ordinal);

    /// <summary>A registry with CaseFlow's built-in activities (Elsa's core set).</summary>
    public static ActivityRegistry CreateDefault()
    {
        var registry = new ActivityRegistry();
        registry.RegisterFrom(typeof(ActivityRegistry).Assembly);
        return registry;
    }

    public IEnumerable<ActivityDescriptor> Descriptors => _byTypeName.Values.OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal);

    public ActivityDescriptor? Find(string typeName) => _byTypeName.GetValueOrDefault(typeName);

    public bool Contains(string typeName) => _byTypeName.ContainsKey(typeName);

    /// <summary>Registers every concrete <see cref="Activity"/> with an <see cref="ActivityAttribute"/> in the assembly.</summary>
    public ActivityRegistry RegisterFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes())
        {
            if (type is { IsAbstract: false, IsClass: true } && typeof(Activity).IsAssignableFrom(type) && type.GetCustomAttribute<ActivityAttribute>() is not null)
                Register(type);
        }

        return this;
    }

    public ActivityRegistry Register<TActivity>() where TActivity : Activity, new() => Register(typeof(TActivity));

    public ActivityRegistry Register(Type activityType)
    {
        ArgumentNullException.ThrowIfNull(activityType);
        var attribute = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{activityType} has no [Activity] attribute", nameof(activityType));
        var activity = (Activity)(Activator.CreateInstance(activityType, nonPublic: true)
            ?? throw new ArgumentException($"{activityType} has no parameterless constructor", nameof(activityType)));

        var inputs = new List<InputBase>();
        var inputDescriptors = new List<InputDescriptor>();
        var outputDescriptors = new List<OutputDescriptor>();
        string? dynamicOutcomesInput = null;
        var order = 0;
        foreach (var property in activityType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (typeof(InputBase).IsAssignableFrom(property.PropertyType) && property.GetValue(activity) is InputBase input)
            {
                var meta = property.GetCustomAttribute<InputAttribute>() ?? new InputAttribute();
                input.Name = meta.Name ?? JsonNaming.CamelCase(property.Name);
                input.Index = inputs.Count;
                input.Metadata = meta;
                inputs.Add(input);
                if (meta.IsDynamicOutcomes)
                    dynamicOutcomesInput = input.Name;
                inputDescriptors.Add(new InputDescriptor(
                    input.Name,
                    TypeAliases.GetAlias(input.ValueType),
                    meta.DisplayName ?? JsonNaming.Humanize(property.Name),
                    meta.Description,
                    meta.UIHint ?? DefaultUIHint(input.ValueType),
                    meta.Category,
                    meta.DefaultValue,
                    meta.DefaultSyntax,
                    meta.IsRequired,
                    meta.IsWrapped,
                    meta.IsReadOnly,
                    meta.IsBrowsable,
                    meta.Order != 0 ? meta.Order : order++,
                    meta.Options));
            }
            else if (typeof(OutputBase).IsAssignableFrom(property.PropertyType) && property.GetValue(activity) is OutputBase output)
            {
                var meta = property.GetCustomAttribute<OutputAttribute>() ?? new OutputAttribute();
                output.Name = meta.Name ?? JsonNaming.CamelCase(property.Name);
                output.Metadata = meta;
                outputDescriptors.Add(new OutputDescriptor(output.Name, TypeAliases.GetAlias(output.ValueType), meta.DisplayName ?? JsonNaming.Humanize(property.Name), meta.Description));
            }
        }

        var typeName = attribute.TypeName;
        var dot = typeName.LastIndexOf('.');
        var outcomes = activityType.GetCustomAttribute<OutcomesAttribute>()?.Outcomes ?? (attribute.IsTerminal ? [] : Outcomes.DoneOnly);
        var descriptor = new ActivityDescriptor
        {
            TypeName = typeName,
            Namespace = dot > 0 ? typeName[..dot] : "",
            Name = dot > 0 ? typeName[(dot + 1)..] : typeName,
            Version = attribute.Version,
            Category = attribute.Category,
            DisplayName = attribute.DisplayName ?? JsonNaming.Humanize(dot > 0 ? typeName[(dot + 1)..] : typeName),
            Description = attribute.Description,
            Kind = attribute.Kind,
            IsContainer = Serialization.WorkflowDefinitionReader.ContainerTypes.Contains(typeName),
            IsBrowsable = attribute.IsBrowsable,
            IsStart = attribute.IsStart,
            IsTerminal = attribute.IsTerminal,
            Outcomes = outcomes,
            DynamicOutcomesInput = dynamicOutcomesInput,
            Inputs = inputDescriptors,
            Outputs = outputDescriptors,
            Activity = activity,
            InputKeys = inputs,
        };
        activity.Descriptor = descriptor;
        _byTypeName[typeName] = descriptor;
        return this;
    }

    /// <summary>Adds a descriptor built elsewhere (workflow-as-activity descriptors for published definitions).</summary>
    public void Add(ActivityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _byTypeName[descriptor.TypeName] = descriptor;
    }

    private static string? DefaultUIHint(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
            return UIHints.Checkbox;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
            return UIHints.DateTimePicker;
        if (t.IsEnum)
            return UIHints.Dropdown;
        if (t == typeof(string[]) || t == typeof(List<string>))
            return UIHints.MultiText;
        return UIHints.SingleLine;
    }
}

internal static class JsonNaming
{
    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>"WriteLine" becomes "Write line"; used for display names.</summary>
    public static string Humanize(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
                chars.Append(' ').Append(char.ToLowerInvariant(c));
            else
                chars.Append(c);
        }

        return chars.ToString();
    }
}
