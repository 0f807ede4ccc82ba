using System.Text.Json;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using CaseFlow.Workflows.Activities;

namespace CaseFlow.Server.Tests.WebApp;

/// <summary>The designer shows activities in Chinese from its own file: every activity the server offers must be in it.</summary>
[Collection(HostCollection.Name)]
public sealed class ActivityTranslationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void EveryActivityInThePalette_HasAChineseName_Description_AndInputLabels_AndNoneIsStale()
    {
        using var host = ProgramHost.Start(_temp.Sub("data"));
        var palette = host.Get<ActivityRegistry>().Descriptors.Where(d => d.IsBrowsable).ToList();
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Locale("activities.zh-CN.json")));
        var translations = file.RootElement;

        var missing = new List<string>();
        foreach (var descriptor in palette)
        {
            if (!translations.TryGetProperty(descriptor.TypeName, out var text))
            {
                missing.Add(descriptor.TypeName);
                continue;
            }

            foreach (var field in new[] { "name", "description" })
            {
                if (!text.TryGetProperty(field, out var value) || string.IsNullOrWhiteSpace(value.GetString()))
                    missing.Add($"{descriptor.TypeName}.{field}");
            }

            foreach (var input in descriptor.Inputs.Where(i => i.IsBrowsable))
            {
                if (!text.TryGetProperty("inputs", out var inputs) || !inputs.TryGetProperty(input.Name, out var label) || string.IsNullOrWhiteSpace(label.GetString()))
                    missing.Add($"{descriptor.TypeName}.inputs.{input.Name}");
            }
        }

        Assert.True(missing.Count == 0, "Not translated in designer/src/locales/activities.zh-CN.json: " + string.Join(", ", missing));
        var stale = translations.EnumerateObject().Select(p => p.Name).Except(palette.Select(d => d.TypeName)).ToList();
        Assert.True(stale.Count == 0, "Translated but not in the palette: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryCategoryOfThePalette_HasItsNameInBothLanguages()
    {
        using var host = ProgramHost.Start(_temp.Sub("data"));
        var categories = host.Get<ActivityRegistry>().Descriptors.Where(d => d.IsBrowsable).Select(d => d.Category).Distinct(StringComparer.Ordinal).ToList();

        foreach (var locale in new[] { "en.ts", "zh-CN.ts" })
        {
            // The palette's category names are the locale's designer.categories keys.
            var text = File.ReadAllText(RepositoryPaths.Locale(locale));
            var block = System.Text.RegularExpressions.Regex.Match(text, @"categories: \{(?<keys>[^}]*)\}").Groups["keys"].Value;
            var keys = System.Text.RegularExpressions.Regex.Matches(block, @"(?m)^\s*(\w+):").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var missing = categories.Where(c => !keys.Contains(c)).ToList();
            Assert.True(missing.Count == 0, $"Palette categories without a name in designer/src/locales/{locale}: {string.Join(", ", missing)}");
        }
    }

    public void Dispose() => _temp.Dispose();
}
