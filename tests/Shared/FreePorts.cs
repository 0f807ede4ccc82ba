using System.Net;
using System.Net.Sockets;

namespace CaseFlow.Tests.Shared;

/// <summary>Ports for the servers a test starts (CaseFlow nodes, PostgreSQL, a telemetry collector).</summary>
internal static class FreePorts
{
    /// <summary>A loopback port nothing listens on now (the system's choice, released at once for the caller to take).</summary>
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
