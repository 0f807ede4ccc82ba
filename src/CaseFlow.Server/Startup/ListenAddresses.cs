namespace CaseFlow.Server.Startup;

/// <summary>
/// Where the server listens when nobody said: <see cref="DefaultUrl"/>, loopback only, so a developer's machine does
/// not expose the demo logins. Whatever the host's own configuration names wins: <c>urls</c> (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>), <c>http_ports</c>/<c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, which the official
/// .NET container images set to 8080, and <c>ASPNETCORE_HTTPS_PORTS</c>) and Kestrel endpoints
/// (<c>Kestrel:Endpoints</c>).
/// </summary>
public static class ListenAddresses
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    // Host settings as the configuration holds them: the ASPNETCORE_/DOTNET_ prefixed variables arrive without their
    // prefix, the plain environment variables under their full name.
    private static readonly string[] AddressKeys =
    [
        "urls", "http_ports", "https_ports",
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS",
        "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS",
    ];

    /// <summary>The address to fall back to, or null when the configuration already says where to listen.</summary>
    public static string? DefaultFor(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (AddressKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key])))
            return null;
        return configuration.GetSection("Kestrel:Endpoints").GetChildren().Any() ? null : DefaultUrl;
    }
}
