namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// The tables and the <c>OrleansQuery</c> rows that Orleans' ADO.NET clustering, grain persistence and reminder
/// providers (10.4.x) need on MySQL. The providers read their SQL from <c>OrleansQuery</c> at start and bind
/// parameters and result columns by name, so the table layout is ours; what must not change are the query keys,
/// the parameter names (<c>@DeploymentId</c>, <c>@GrainStateVersion</c>, ...) and the result column names and types.
/// </summary>
/// <remarks>
/// Choices that differ from the stock scripts, and why:
/// <list type="bullet">
/// <item>Grain state is keyed by a SHA-256 of its identity (<c>StateKey</c>, the primary key), so a second insert of
/// the same state fails on the key instead of needing a pessimistic lock, and every query finds its row by one
/// equality. The payload is a <c>LONGBLOB</c>: the stock 64 KiB <c>BLOB</c> is too small for real states.</item>
/// <item>Versions are returned through <c>LAST_INSERT_ID(expr)</c>, which an <c>UPDATE</c> sets only for a row it
/// changed: optimistic concurrency in single statements, no stored procedure.</item>
/// <item>Only the membership insert, which must bump the table version and insert a row atomically or do neither,
/// is a stored procedure; it is created with one ordinary statement.</item>
/// </list>
/// </remarks>
internal static class OrleansAdoNetSchema
{
    // The identity of a grain state, computed the same way by every statement that touches OrleansStorage.
    private const string StateKey =
        "UNHEX(SHA2(CONCAT_WS('|', @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(CONCAT('s:', @GrainIdExtensionString), 'n')), 256))";

    /// <summary>The tables, the membership procedure and every query the three providers ask for.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey VARCHAR(64) NOT NULL PRIMARY KEY,
            QueryText MEDIUMTEXT NOT NULL
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """,
        """
        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
            DeploymentId VARCHAR(150) NOT NULL PRIMARY KEY,
            Timestamp DATETIME NOT NULL,
            Version INT NOT NULL DEFAULT 0
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """,
        """
        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
            DeploymentId VARCHAR(150) NOT NULL,
            Address VARCHAR(45) NOT NULL,
            Port INT NOT NULL,
            Generation INT NOT NULL,
            SiloName VARCHAR(150) NOT NULL,
            HostName VARCHAR(150) NOT NULL,
            Status INT NOT NULL,
            ProxyPort INT NULL,
            SuspectTimes VARCHAR(8000) NULL,
            StartTime DATETIME NOT NULL,
            IAmAliveTime DATETIME NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation),
            CONSTRAINT FK_Membership_Version FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """,
        """
        CREATE TABLE IF NOT EXISTS OrleansStorage (
            StateKey BINARY(32) NOT NULL PRIMARY KEY,
            ServiceId VARCHAR(150) NOT NULL,
            GrainTypeString VARCHAR(512) NOT NULL,
            GrainIdN0 BIGINT NOT NULL,
            GrainIdN1 BIGINT NOT NULL,
            GrainIdExtensionString VARCHAR(512) NULL,
            PayloadBinary LONGBLOB NULL,
            ModifiedOn DATETIME(3) NOT NULL,
            Version INT NOT NULL
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """,
        """
        CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
            ServiceId VARCHAR(150) NOT NULL,
            GrainId VARCHAR(150) NOT NULL,
            ReminderName VARCHAR(150) NOT NULL,
            StartTime DATETIME NOT NULL,
            Period BIGINT NOT NULL,
            GrainHash INT NOT NULL,
            Version INT NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName),
            KEY IX_Reminders_Hash (ServiceId, GrainHash)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """,
        "DROP PROCEDURE IF EXISTS OrleansInsertMembership",
        """
        CREATE PROCEDURE OrleansInsertMembership(
            IN p_DeploymentId VARCHAR(150), IN p_Address VARCHAR(45), IN p_Port INT, IN p_Generation INT,
            IN p_Version INT, IN p_SiloName VARCHAR(150), IN p_HostName VARCHAR(150), IN p_Status INT,
            IN p_ProxyPort INT, IN p_StartTime DATETIME, IN p_IAmAliveTime DATETIME)
        BEGIN
            DECLARE v_inserted INT DEFAULT 0;
            DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
            START TRANSACTION;
            UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = UTC_TIMESTAMP()
            WHERE DeploymentId = p_DeploymentId AND Version = p_Version;
            IF ROW_COUNT() > 0 THEN
                INSERT INTO OrleansMembershipTable
                    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                SELECT p_DeploymentId, p_Address, p_Port, p_Generation, p_SiloName, p_HostName, p_Status, p_ProxyPort,
                       p_StartTime, p_IAmAliveTime
                FROM DUAL
                WHERE NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                                  WHERE DeploymentId = p_DeploymentId AND Address = p_Address AND Port = p_Port
                                    AND Generation = p_Generation);
                SET v_inserted = ROW_COUNT();
            END IF;
            IF v_inserted > 0 THEN COMMIT; ELSE ROLLBACK; END IF;
            SELECT v_inserted > 0 AS Inserted;
        END
        """,
        Query("InsertMembershipVersionKey", """
            INSERT IGNORE INTO OrleansMembershipVersionTable (DeploymentId, Timestamp, Version)
            VALUES (@DeploymentId, UTC_TIMESTAMP(), 0);
            SELECT ROW_COUNT() > 0;
            """),
        Query("InsertMembershipKey", """
            CALL OrleansInsertMembership(@DeploymentId, @Address, @Port, @Generation, @Version, @SiloName, @HostName,
                                         @Status, @ProxyPort, @StartTime, @IAmAliveTime);
            """),
        Query("UpdateMembershipKey", """
            UPDATE OrleansMembershipVersionTable v
            JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            SET v.Version = v.Version + 1, v.Timestamp = UTC_TIMESTAMP(),
                m.Status = @Status, m.SuspectTimes = @SuspectTimes, m.IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime)
            WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version
              AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation;
            SELECT ROW_COUNT() > 0;
            """),
        Query("UpdateIAmAlivetimeKey", """
            UPDATE OrleansMembershipTable SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
            WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
            """),
        Query("MembershipReadRowKey", """
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
                AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
            WHERE v.DeploymentId = @DeploymentId;
            """),
        Query("MembershipReadAllKey", """
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            WHERE v.DeploymentId = @DeploymentId;
            """),
        Query("GatewaysQueryKey", """
            SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
            """),
        Query("DeleteMembershipTableEntriesKey", """
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
            """),
        Query("CleanupDefunctSiloEntriesKey", """
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
              AND COALESCE(SuspectTimes, '') = '' AND Status = 6;
            """),
        Query("ReadFromStorageKey", $"""
            SELECT PayloadBinary, Version FROM OrleansStorage WHERE StateKey = {StateKey};
            """),
        Query("WriteToStorageKey", $"""
            DO LAST_INSERT_ID(0);
            UPDATE OrleansStorage
            SET PayloadBinary = @PayloadBinary, ModifiedOn = UTC_TIMESTAMP(3), Version = LAST_INSERT_ID(Version + 1)
            WHERE StateKey = {StateKey} AND @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion;
            INSERT INTO OrleansStorage
                (StateKey, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, ModifiedOn, Version)
            SELECT {StateKey}, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary,
                   UTC_TIMESTAMP(3), LAST_INSERT_ID(1)
            FROM DUAL WHERE @GrainStateVersion IS NULL;
            SELECT CAST(NULLIF(LAST_INSERT_ID(), 0) AS SIGNED) AS NewGrainStateVersion;
            """),
        Query("ClearStorageKey", $"""
            DO LAST_INSERT_ID(0);
            UPDATE OrleansStorage
            SET PayloadBinary = NULL, ModifiedOn = UTC_TIMESTAMP(3), Version = LAST_INSERT_ID(Version + 1)
            WHERE StateKey = {StateKey} AND Version = @GrainStateVersion;
            SELECT CAST(COALESCE(NULLIF(LAST_INSERT_ID(), 0), @GrainStateVersion) AS SIGNED) AS NewGrainStateVersion;
            """),
        Query("DeleteStorageKey", $"""
            DELETE FROM OrleansStorage WHERE StateKey = {StateKey} AND Version = @GrainStateVersion;
            SELECT CAST(IF(ROW_COUNT() > 0, @GrainStateVersion + 1, @GrainStateVersion) AS SIGNED) AS NewGrainStateVersion;
            """),
        Query("UpsertReminderRowKey", """
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, LAST_INSERT_ID(0))
            ON DUPLICATE KEY UPDATE StartTime = @StartTime, Period = @Period, GrainHash = @GrainHash,
                Version = LAST_INSERT_ID(Version + 1);
            SELECT CAST(LAST_INSERT_ID() AS SIGNED) AS Version;
            """),
        Query("ReadReminderRowsKey", """
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
            """),
        Query("ReadReminderRowKey", """
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
            """),
        Query("ReadRangeRows1Key", """
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
            """),
        Query("ReadRangeRows2Key", """
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
            """),
        Query("DeleteReminderRowKey", """
            DELETE FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
            SELECT ROW_COUNT() > 0;
            """),
        Query("DeleteReminderRowsKey", """
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
            """),
    ];

    // REPLACE keeps re-running a step harmless, and lets a later step change a query by writing it again.
    private static string Query(string key, string text) =>
        $"REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('{key}', '{text.Replace("'", "''", StringComparison.Ordinal)}')";
}
