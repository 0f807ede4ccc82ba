using System.Text.Json;
using System.Threading.Channels;
using CaseFlow.Cases.Features.Live;
using CaseFlow.Cases.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Server.Startup;

/// <summary>
/// Live updates across nodes on PostgreSQL: each save made on this node is sent to the others with <c>NOTIFY</c> on
/// the database they share, and what the others send is handed to this node's subscribers (their open browser tabs),
/// so a task completed on one node leaves every inbox on every node within a second. Ids only travel, as within a node.
/// A listener that lost its connection reconnects and then tells every subscriber to refetch (what was sent meanwhile
/// is gone); a node whose sending fails drops those changes only, never the save.
/// </summary>
internal sealed partial class PostgresLiveRelay(LiveUpdates live, IOptions<CaseFlowDatabaseOptions> database, ILogger<PostgresLiveRelay> logger) : BackgroundService
{
    public const string Channel = "caseflow_live";

    // NOTIFY takes up to 8000 bytes: a save's changes go in batches well below that.
    private const int BatchSize = 40;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<IReadOnlyCollection<LiveChange>> _outgoing = System.Threading.Channels.Channel.CreateBounded<IReadOnlyCollection<LiveChange>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Whether this node listens to the others now (for readiness and tests).</summary>
    public bool Listening { get; private set; }

    /// <summary>Changes received from other nodes so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = database.Value;
        if (!options.IsPostgres)
            return;
        var connectionString = new NpgsqlConnectionStringBuilder(options.BuildPostgresConnectionString())
        {
            // The listener's connection idles between notifications: keep it from being dropped unseen.
            KeepAlive = 15,
            Pooling = false,
        }.ConnectionString;
        live.Saved += Enqueue;
        try
        {
            await Task.WhenAll(ListenAsync(connectionString, stoppingToken), SendAsync(options.BuildPostgresConnectionString(), stoppingToken));
        }
        finally
        {
            live.Saved -= Enqueue;
        }
    }

    private void Enqueue(IReadOnlyCollection<LiveChange> changes) => _outgoing.Writer.TryWrite(changes);

    private async Task SendAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            await foreach (var changes in _outgoing.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var batch in changes.Chunk(BatchSize))
                {
                    try
                    {
                        await using var command = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                        command.Parameters.AddWithValue("channel", Channel);
                        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(new Message(_node, [.. batch.Select(c => new Change(c.Kind, c.Id, c.CaseId))]), Json));
                        await command.ExecuteNonQueryAsync(stoppingToken);
                    }
                    catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                    {
                        // The other nodes' screens refresh on their next change or reload; the save itself stands.
                        LogSendFailed(logger, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening = true;
                if (!first)
                {
                    // Whatever the others sent while this node was not listening is lost: screens start over.
                    live.Reset();
                    LogReconnected(logger);
                }

                first = false;
                delay = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                Listening = false;
                LogListenFailed(logger, ex, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
            finally
            {
                Listening = false;
            }
        }
    }

    private void Receive(string payload)
    {
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>(payload, Json);
        }
        catch (JsonException)
        {
            return; // not ours (someone else notifying on the channel)
        }

        if (message?.Node is null || message.Node == _node || message.Changes is null)
            return;
        var changes = message.Changes.Where(c => c.Kind is LiveChange.Task or LiveChange.Case && !string.IsNullOrEmpty(c.Id)).Select(c => new LiveChange(c.Kind, c.Id, c.CaseId)).ToList();
        Interlocked.Add(ref _received, changes.Count);
        live.Publish(changes);
    }

    private sealed record Message(string Node, List<Change> Changes);

    private sealed record Change(string Kind, string Id, string? CaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates could not be sent to the other nodes")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for the other nodes' live updates failed; trying again in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for the other nodes' live updates again; open screens refetch")]
    private static partial void LogReconnected(ILogger logger);
}
