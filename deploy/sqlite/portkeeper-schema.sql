-- PortKeeper schema for SQLite (>= 3.35, for RETURNING), version 2 (version 1 lacked
-- portkeeper_claims): the embedded store of a
-- single node, one database file in the data folder (<data-dir>/portkeeper.db).
--
-- Holds what Microsoft.Orleans.Persistence.AdoNet 10.x needs on SQLite (Invariant
-- "System.Data.SQLite", driven by Microsoft.Data.Sqlite): the table of named queries the
-- provider reads at start-up and one table of grain state. The query keys, parameter names,
-- result column names and etag rules follow the provider's contract:
--   * ReadFromStorageKey returns at most one row: PayloadBinary, Version.
--   * WriteToStorageKey and ClearStorageKey return one row, NewGrainStateVersion, when the
--     write landed, and no row when it did not; the provider turns "no row" into
--     InconsistentStateException. A write lands where the stored version equals
--     @GrainStateVersion, or, for a NULL version (a first write), where no row exists yet.
-- Single nodes need no clustering tables (they use localhost clustering), and grain state is
-- only ever cleared, never deleted, so DeleteStorageKey is left out.
--
-- The script is idempotent. Nodes apply it at start-up (SqliteSchema.EnsureAsync) inside one
-- BEGIN IMMEDIATE transaction, only when portkeeper_schema lacks its version. It can also be
-- run by hand: sqlite3 portkeeper.db < portkeeper-schema.sql

CREATE TABLE IF NOT EXISTS portkeeper_schema
(
    version INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT NOT NULL
);

-- The SQL text the provider runs, by key.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey TEXT NOT NULL PRIMARY KEY,
    querytext TEXT NOT NULL
);

-- The claims of every pool: one row per taken port, so that the database itself refuses a
-- second holder of a port (the primary key). A pool writes only the rows of the ports it
-- changes. The holder is a user's proxy (holder_kind 0: holder_user, holder_name = proxy
-- name) or a load-balancing group (holder_kind 1: holder_name = group name). A pending claim
-- is a grant its holder has not yet confirmed (replacing: the holder's former port; since:
-- unix milliseconds). The same table as on PostgreSQL.
CREATE TABLE IF NOT EXISTS portkeeper_claims
(
    serviceid TEXT NOT NULL,
    pool TEXT NOT NULL,
    protocol INTEGER NOT NULL,
    port INTEGER NOT NULL,
    holder_kind INTEGER NOT NULL,
    holder_user TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    pending INTEGER NOT NULL,
    replacing INTEGER NULL,
    since INTEGER NULL,

    PRIMARY KEY (serviceid, pool, protocol, port)
) WITHOUT ROWID;

-- One row per grain state. A state is named by service, state name (the provider's "grain
-- type"), the two numbers of the grain id and its string key or key extension. The provider
-- also sends hashes of the id and type; SQLite indexes the names themselves, so they are not
-- stored. The key extension is NULL for integer and guid keys without one: the unique index
-- maps NULL to an empty blob, which no text key equals, so NULL and '' stay two keys and a
-- second first write of one state is refused by the index itself.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid TEXT NOT NULL,
    graintypestring TEXT NOT NULL,
    grainidn0 INTEGER NOT NULL,
    grainidn1 INTEGER NOT NULL,
    grainidextensionstring TEXT,
    payloadbinary BLOB,
    modifiedon TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage
    ON orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, ifnull(grainidextensionstring, x''));

-- Each statement below is atomic on its own (SQLite runs one writer at a time), and at most one
-- of the two write statements can change a row for a given @GrainStateVersion, so the write
-- needs no explicit transaction.
INSERT OR REPLACE INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', '
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary,
        modifiedon = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        version = version + 1
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND ifnull(grainidextensionstring, x'''') = ifnull(@GrainIdExtensionString, x'''')
      AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;

    INSERT INTO orleansstorage
        (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, modifiedon, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary,
           strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version AS NewGrainStateVersion;
'),
('ReadFromStorageKey', '
    SELECT payloadbinary AS PayloadBinary, version AS Version
    FROM orleansstorage
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND ifnull(grainidextensionstring, x'''') = ifnull(@GrainIdExtensionString, x'''');
'),
('ClearStorageKey', '
    UPDATE orleansstorage
    SET payloadbinary = NULL,
        modifiedon = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        version = version + 1
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND ifnull(grainidextensionstring, x'''') = ifnull(@GrainIdExtensionString, x'''')
      AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
');

INSERT OR IGNORE INTO portkeeper_schema (version, applied_at)
VALUES (2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
