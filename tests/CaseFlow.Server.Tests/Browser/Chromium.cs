using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download): a fresh profile per test, headless, English UI.
/// Screenshots go to <c>TestResults/screenshots</c> in the repository, kept as the run's artifacts.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public static bool IsAvailable => File.Exists(ExecutablePath);

    public IBrowserContext Context { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(CaseFlow.Tests.Shared.RepositoryPaths.Root, "TestResults", "screenshots");

    public static async Task<Chromium> LaunchAsync(string baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Path.Combine(Path.GetTempPath(), $"caseflow-chromium-{Guid.NewGuid():N}");
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            BaseURL = baseUrl,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        context.SetDefaultTimeout(30_000);
        // URL and content checks poll the page; a busy 2-core CI machine needs more than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        return new Chromium(playwright, context, profile);
    }

    /// <summary>Chromium on the host's address (Kestrel's loopback port).</summary>
    public static Task<Chromium> LaunchAsync(ProgramHost host)
    {
        using var client = host.Anonymous();
        return LaunchAsync(client.BaseAddress!.ToString().TrimEnd('/'));
    }

    /// <summary>Signs in through the sign-in page with a demo user; returns once the app left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(InProcessServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^(?!.*/sign-in)"));
    }

    public async Task<IPage> PageAsync()
    {
        var page = Context.Pages.Count > 0 ? Context.Pages[0] : await Context.NewPageAsync();
        return page;
    }

    /// <summary>
    /// Chooses <paramref name="option"/> in an Ant Design select and waits until the select shows it. On a loaded
    /// machine a click can land while the dropdown is still moving into place (the form above it grows when a
    /// validation message appears) and close it without choosing: the choice is checked, and made again if it
    /// did not take.
    /// </summary>
    public static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            // The option named exactly (Level I among Level I–IV), else the one whose name contains it.
            var options = page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option");
            await Assertions.Expect(options.First).ToBeVisibleAsync();
            var exact = options.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(option)}\\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase) });
            var item = await exact.CountAsync() > 0 ? exact : options.Filter(new() { HasText = option });
            await Assertions.Expect(item).ToBeVisibleAsync();
            await item.ClickAsync();
            try
            {
                await Assertions.Expect(select).ToContainTextAsync(option, new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        // Transitions end before the picture is taken: a table fading in from its loading state is not a faded table.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is the OS's to clean.
        }
    }
}

/// <summary>A browser test's parts: the real host on the shipped workflows, Chromium on it, its page, signed in as a demo user.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private BrowserSession(ProgramHost host, Chromium chromium, IPage page)
    {
        Host = host;
        Chromium = chromium;
        Page = page;
    }

    public ProgramHost Host { get; }
    public Chromium Chromium { get; }
    public IPage Page { get; }

    /// <param name="temp">Where the host keeps its data.</param>
    /// <param name="user">The demo user to sign in as; null leaves the browser signed out.</param>
    /// <param name="services">Replacements for the host's services (a clock the test moves, a channel it reads).</param>
    public static async Task<BrowserSession> StartAsync(TempDirectory temp, string? user, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var host = ProgramHost.Start(temp.Sub("data"), CaseFlow.Tests.Shared.RepositoryPaths.Workflows, services);
        var chromium = await Chromium.LaunchAsync(host);
        var page = await chromium.PageAsync();
        if (user is not null)
            await Chromium.SignInAsync(page, user);
        return new BrowserSession(host, chromium, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Host.Dispose();
    }
}

/// <summary>A browser test: skipped, with the reason, where Debian's Chromium is not installed (.ci/run installs it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsAvailable)
            Skip = $"Chromium is not installed at {Chromium.ExecutablePath} (apt-get install chromium; .ci/run does)";
    }
}
