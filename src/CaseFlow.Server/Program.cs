using CaseFlow.Server;
using CaseFlow.Server.Cli;

if (CommandLine.IsVerb(args))
    return await CommandLine.RunAsync(args);

// Settings ship next to the executable; relative data and workflow folders resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = CommandLine.ServerArgs(args), ContentRootPath = AppContext.BaseDirectory });
builder.AddCaseFlowServer();
var app = builder.Build();
app.MapCaseFlowServer();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so integration tests can host it.</summary>
public partial class Program;
