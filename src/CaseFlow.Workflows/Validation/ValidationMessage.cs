using System.Collections.ObjectModel;

namespace CaseFlow.Workflows.Validation;

/// <summary>
/// What a finding says, in a form a client can translate: a stable kebab-case <see cref="Code"/>
/// (<c>required-input-missing</c>), the English <see cref="Text"/>, and the named <see cref="Args"/> the text was
/// built from (<c>name</c> = <c>taskName</c>).
/// </summary>
/// <remarks>
/// A client keeps one template per code with <c>{{name}}</c> placeholders (the web app's
/// <c>designer/src/locales/validation.*.json</c>) and fills it with the args; the English template filled with the
/// args is <see cref="Text"/>. Args hold values as the English text shows them, and parser messages (JavaScript,
/// JSON, cron) untranslated, usually as <c>detail</c>. The engine's messages are built by <see cref="ValidationMessages"/>.
/// </remarks>
public sealed record ValidationMessage(string Code, string Text, IReadOnlyDictionary<string, string> Args)
{
    public static IReadOnlyDictionary<string, string> NoArgs { get; } = ReadOnlyDictionary<string, string>.Empty;

    public override string ToString() => Text;
}
