using CaseFlow.Server;
using CaseFlow.Server.Cli;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddCaseFlowServer();
var app = builder.Build();
app.MapCaseFlowServer();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so integration tests can host it.</summary>
public partial class Program;
