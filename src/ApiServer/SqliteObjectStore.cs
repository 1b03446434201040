using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// The durable half of the object store: one SQLite file in the data directory, WAL mode, every
/// write its own committed transaction before the API answers, so kill -9 loses nothing answered.
/// Callers serialize writes; this class holds the single write connection.
/// </summary>
internal sealed class SqliteObjectStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;

    private SqliteObjectStore(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
    }

    public static async Task<SqliteObjectStore> OpenAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        // Created owner-only before SQLite opens it: its -wal and -shm files take the database's mode.
        PrivateFiles.Touch(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        // WAL + synchronous=NORMAL: a committed transaction survives a killed process (the OS has it);
        // only a power loss could drop the last commits, which is the usual trade for an API store.
        await ExecuteAsync(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS objects (
                resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                rv INTEGER NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (resource, namespace, name));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO meta (key, value) VALUES ('resourceVersion', 0);
            """, cancellationToken);
        logger.LogInformation("Opened standalone API store {Path}", path);
        return new SqliteObjectStore(connection, logger);
    }

    public async Task<(IReadOnlyList<StoredObject> Objects, long ResourceVersion)> LoadAllAsync(CancellationToken cancellationToken)
    {
        var objects = new List<StoredObject>();
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT resource, namespace, name, rv, body FROM objects";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                objects.Add(new StoredObject(
                    new ObjectKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                    reader.GetInt64(3), reader.GetString(4)));
            }
        }
        await using var rvCommand = _connection.CreateCommand();
        rvCommand.CommandText = "SELECT value FROM meta WHERE key = 'resourceVersion'";
        var rv = (long)(await rvCommand.ExecuteScalarAsync(cancellationToken))!;
        _logger.LogInformation("Loaded {Count} objects at resourceVersion {ResourceVersion}", objects.Count, rv);
        return (objects, rv);
    }

    /// <summary>Stores (or, with <paramref name="json"/> null, deletes) one object and the new global resourceVersion atomically.</summary>
    public async Task WriteAsync(ObjectKey key, long resourceVersion, string? json, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        await using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = json is null
                ? "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n"
                : "INSERT OR REPLACE INTO objects (resource, namespace, name, rv, body) VALUES ($r, $ns, $n, $rv, $body)";
            command.Parameters.AddWithValue("$r", key.Resource);
            command.Parameters.AddWithValue("$ns", key.Namespace);
            command.Parameters.AddWithValue("$n", key.Name);
            if (json is not null)
            {
                command.Parameters.AddWithValue("$rv", resourceVersion);
                command.Parameters.AddWithValue("$body", json);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE meta SET value = $rv WHERE key = 'resourceVersion'";
            command.Parameters.AddWithValue("$rv", resourceVersion);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
