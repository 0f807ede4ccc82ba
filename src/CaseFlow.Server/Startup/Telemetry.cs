using CaseFlow.Cases.Diagnostics;
using CaseFlow.Workflows.Diagnostics;
using Hangfire.Server;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CaseFlow.Server.Startup;

/// <summary>
/// OpenTelemetry: traces (HTTP requests, workflow starts and resumes, outbox deliveries, PostgreSQL commands), metrics
/// (workflows started, finished and faulted; burst and commit latency; outbox lag; task wait; SLA breaches; job
/// failures; HTTP) and logs (with their scopes: instance, case, trace and span ids), exported by OTLP when
/// <see cref="EndpointKey"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without either, nothing is
/// collected beyond .NET's own meters (which <c>dotnet-counters</c> reads); logs still carry trace and span ids.
/// </summary>
internal static class Telemetry
{
    public const string EndpointKey = "CaseFlow:Telemetry:OtlpEndpoint";

    public static WebApplicationBuilder AddCaseFlowTelemetry(this WebApplicationBuilder builder)
    {
        // Every log line written inside a request or a job knows its trace (and the scopes its code opened).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var endpoint = builder.Configuration[EndpointKey] is { Length: > 0 } configured ? configured : builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
            return builder;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{EndpointKey} (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an http(s) URL, not '{endpoint}'");

        var protocol = string.Equals(builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("caseflow", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(t => t
                .AddSource(WorkflowTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(WorkflowTelemetry.Name, CaseTelemetry.Name)
                .AddAspNetCoreInstrumentation())
            .UseOtlpExporter(protocol, uri);
        return builder;
    }

    /// <summary>Counts every failed attempt of a background job (Hangfire retries it), by job.</summary>
    internal sealed class JobFailureMetrics : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context is { Exception: not null, ExceptionHandled: false })
                CaseTelemetry.JobFailures.Add(1, new KeyValuePair<string, object?>("caseflow.job", context.BackgroundJob.Job?.Type.Name ?? "unknown"));
        }
    }
}
