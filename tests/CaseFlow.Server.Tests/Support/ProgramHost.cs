using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Support;

/// <summary>
/// The host exactly as <c>Program</c> builds it, via <see cref="WebApplicationFactory{TEntryPoint}"/> with Kestrel on a
/// random loopback port (real HTTP), a temp SQLite file and the real Hangfire server. Development: the demo users
/// exist with <see cref="InProcessServer.DemoPassword"/>.
/// </summary>
internal sealed class ProgramHost : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private ProgramHost(WebApplicationFactory<Program> factory) => _factory = factory;

    public static ProgramHost Start(string dataDirectory, string? workflowsDirectory = null, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            // A free loopback port of its own, whatever the defaults are: never the default 5080.
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting(DependencyInjection.DataDirectoryKey, dataDirectory);
            b.UseSetting(DependencyInjection.WorkflowsDirectoryKey, workflowsDirectory ?? Path.Combine(dataDirectory, "no-workflows-folder"));
            b.UseSetting("CaseFlow:DemoPassword", InProcessServer.DemoPassword);
            b.UseSetting("CaseFlow:Jobs:TimerSweepInterval", "00:00:01");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                b.UseSetting(key, value);
            if (services is not null)
                b.ConfigureTestServices(services);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new ProgramHost(factory);
    }

    public T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    public HttpClient Anonymous() => _factory.CreateClient();

    public Task<HttpClient> ClientAsync(string user) => InProcessServer.SignInAsync(Anonymous(), user);

    public void Dispose() => _factory.Dispose();
}
