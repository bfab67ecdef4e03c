-- PortKeeper schema for PostgreSQL (>= 12), version 6 (version 1 lacked portkeeper_range,
-- version 2 portkeeper_claims, version 3 kept one range per service instead of one per pool,
-- version 4 the index of grain states by key, version 5 let the provider's queries use the
-- index of grain states by key).
--
-- Holds what Microsoft.Orleans.Persistence.AdoNet and Microsoft.Orleans.Clustering.AdoNet 10.x
-- (Invariant "Npgsql") need: the table of named queries the providers run, grain state storage,
-- and the membership tables with the functions their queries call. The query keys, parameter
-- names, result column names and etag rules follow the contract of dotnet/orleans' ADO.NET
-- scripts, including the 10.x membership changes (version-first writes, GREATEST on
-- IAmAliveTime, pruning of dead rows only).
--
-- The script is idempotent: every statement can run again over an existing schema. Nodes
-- apply it at start-up (PostgresSchema.EnsureAsync) under an advisory lock, in one
-- transaction, only when portkeeper_schema lacks its version. It can also be run by hand:
--   psql -v ON_ERROR_STOP=1 --single-transaction -f portkeeper-schema.sql

CREATE TABLE IF NOT EXISTS portkeeper_schema
(
    version integer NOT NULL PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- The SQL text each provider runs, by key. Providers read this table once at start-up.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey varchar(64) NOT NULL,
    querytext varchar(8000) NOT NULL,

    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- The port range of each pool of each service (cluster of nodes sharing grain state): one row
-- per (service, pool), the default pool being 'default'. The first node to start records its
-- pools; a node with other pools or ranges refuses to start unless it is started with
-- --accept-range-change, which replaces the service's rows. Rows are written under an advisory lock.
CREATE TABLE IF NOT EXISTS portkeeper_range
(
    serviceid varchar(150) NOT NULL,
    pool varchar(64) NOT NULL DEFAULT 'default',
    allow_ports text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT portkeeper_range_pool PRIMARY KEY (serviceid, pool)
);

-- Version 3 keyed portkeeper_range by service alone: its row becomes the default pool's.
ALTER TABLE portkeeper_range ADD COLUMN IF NOT EXISTS pool varchar(64) NOT NULL DEFAULT 'default';
ALTER TABLE portkeeper_range DROP CONSTRAINT IF EXISTS portkeeper_range_pkey;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'portkeeper_range'::regclass AND conname = 'portkeeper_range_pool') THEN
        ALTER TABLE portkeeper_range ADD CONSTRAINT portkeeper_range_pool PRIMARY KEY (serviceid, pool);
    END IF;
END
$$;

-- The claims of every pool: one row per taken port, so that the database itself refuses a
-- second holder of a port (the primary key), even from two activations of one pool during a
-- membership change. A pool writes only the rows of the ports it changes. The holder is a
-- user's proxy (holder_kind 0: holder_user, holder_name = proxy name) or a load-balancing
-- group (holder_kind 1: holder_name = group name). A pending claim is a grant its holder has
-- not yet confirmed (replacing: the holder's former port; since: unix milliseconds).
CREATE TABLE IF NOT EXISTS portkeeper_claims
(
    serviceid varchar(150) NOT NULL,
    pool varchar(64) NOT NULL,
    protocol smallint NOT NULL,
    port integer NOT NULL,
    holder_kind smallint NOT NULL,
    holder_user text NOT NULL,
    holder_name text NOT NULL,
    pending boolean NOT NULL,
    replacing integer NULL,
    since bigint NULL,

    CONSTRAINT portkeeper_claims_port PRIMARY KEY (serviceid, pool, protocol, port)
);

------------------------------------------------------------------------------------------
-- Grain state (persistence)
------------------------------------------------------------------------------------------

-- One row per grain state. The version column is the etag: every write bumps it and a write
-- only lands where the stored version equals the one the activation read.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring varchar(512) NOT NULL,
    grainidextensionstring varchar(512),
    serviceid varchar(150) NOT NULL,
    payloadbinary bytea,
    payloadxml xml,
    payloadjson text,
    modifiedon timestamp without time zone NOT NULL,
    version integer
);

-- The provider's reads and writes find a state by its hashes and ids.
DROP INDEX IF EXISTS ix_orleansstorage;
CREATE INDEX IF NOT EXISTS ix_orleansstorage_grain
    ON orleansstorage USING btree (grainidhash, graintypehash, grainidn0, grainidn1);

-- One state by its string key, as the gateway reads a known proxy's user (or group) when the
-- user's grain cannot answer (its node lost). Partial, so that the provider's queries (which
-- compare the key with IS NOT DISTINCT FROM) cannot use it: without the condition, plans made
-- before the table had statistics picked it, and each write walked every state of its type.
DROP INDEX IF EXISTS ix_orleansstorage_key;
CREATE INDEX IF NOT EXISTS ix_orleansstorage_by_key
    ON orleansstorage USING btree (serviceid, graintypestring, grainidextensionstring)
    WHERE grainidextensionstring IS NOT NULL;

-- Returns the new version when the write landed, and the version passed in (or NULL for a
-- first write) when it did not; the provider turns the latter into InconsistentStateException.
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring varchar,
    _grainidextensionstring varchar,
    _serviceid varchar,
    _grainstateversion integer,
    _payloadbinary bytea)
    RETURNS TABLE (newgrainstateversion integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _newversion integer := _grainstateversion;
    _rows integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE orleansstorage
        SET payloadbinary = _payloadbinary,
            payloadjson = NULL,
            payloadxml = NULL,
            modifiedon = (now() AT TIME ZONE 'utc'),
            version = version + 1
        WHERE grainidhash = _grainidhash
          AND graintypehash = _graintypehash
          AND grainidn0 = _grainidn0
          AND grainidn1 = _grainidn1
          AND graintypestring = _graintypestring
          AND grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
          AND serviceid = _serviceid
          AND version = _grainstateversion;

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows > 0 THEN
            _newversion := _grainstateversion + 1;
        END IF;
    ELSE
        -- First write of this state. Two activations of one grain (a split cluster) may race
        -- here; the transaction-level lock on the key makes exactly one insert win.
        PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
               _grainidextensionstring, _serviceid, _payloadbinary, (now() AT TIME ZONE 'utc'), 1
        WHERE NOT EXISTS (
            SELECT 1
            FROM orleansstorage
            WHERE grainidhash = _grainidhash
              AND graintypehash = _graintypehash
              AND grainidn0 = _grainidn0
              AND grainidn1 = _grainidn1
              AND graintypestring = _graintypestring
              AND grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
              AND serviceid = _serviceid);

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows > 0 THEN
            _newversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newversion;
END
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
    SELECT * FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
        @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$),
('ReadFromStorageKey', $q$
    SELECT payloadbinary, payloadxml, payloadjson, (now() AT TIME ZONE 'utc'), version
    FROM orleansstorage
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId;
$q$),
('ClearStorageKey', $q$
    UPDATE orleansstorage
    SET payloadbinary = NULL,
        payloadjson = NULL,
        payloadxml = NULL,
        modifiedon = (now() AT TIME ZONE 'utc'),
        version = version + 1
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version AS newgrainstateversion;
$q$),
('DeleteStorageKey', $q$
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version + 1 AS newgrainstateversion;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

------------------------------------------------------------------------------------------
-- Cluster membership (clustering)
------------------------------------------------------------------------------------------

-- One row per cluster (deployment id); its version guards every membership change.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL,
    timestamp timestamptz(3) NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleansmembershipversiontable_deploymentid PRIMARY KEY (deploymentid)
);

-- One row per silo instance. timestamptz: Npgsql sends UTC DateTime values as timestamptz,
-- and functions declared with plain timestamp arguments would not be found.
CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL,
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname varchar(150) NOT NULL,
    hostname varchar(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer NULL,
    suspecttimes varchar(8000) NULL,
    starttime timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,

    CONSTRAINT pk_membershiptable_deploymentid PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_membershiptable_membershipversiontable_deploymentid
        FOREIGN KEY (deploymentid) REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Never moves IAmAliveTime backwards (a late heartbeat must not undo a newer one).
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id orleansmembershiptable.deploymentid%TYPE,
    address_arg orleansmembershiptable.address%TYPE,
    port_arg orleansmembershiptable.port%TYPE,
    generation_arg orleansmembershiptable.generation%TYPE,
    i_am_alive_time orleansmembershiptable.iamalivetime%TYPE)
    RETURNS void
    LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE orleansmembershiptable AS d
    SET iamalivetime = GREATEST(d.iamalivetime, i_am_alive_time)
    WHERE d.deploymentid = deployment_id
      AND d.address = address_arg
      AND d.port = port_arg
      AND d.generation = generation_arg;
END
$function$;

-- Returns 1 when the version row was created, 0 when it already existed.
CREATE OR REPLACE FUNCTION insert_membership_version(
    deploymentidarg orleansmembershiptable.deploymentid%TYPE)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rows integer := 0;
BEGIN
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (deploymentidarg)
    ON CONFLICT (deploymentid) DO NOTHING;

    GET DIAGNOSTICS _rows = ROW_COUNT;
    RETURN QUERY SELECT _rows;
END
$function$;

-- Bumps the table version only if it still equals versionarg, then inserts the silo row.
-- Returns 0 and changes nothing when either step fails (the subtransaction is rolled back).
CREATE OR REPLACE FUNCTION insert_membership(
    deploymentidarg orleansmembershiptable.deploymentid%TYPE,
    addressarg orleansmembershiptable.address%TYPE,
    portarg orleansmembershiptable.port%TYPE,
    generationarg orleansmembershiptable.generation%TYPE,
    silonamearg orleansmembershiptable.siloname%TYPE,
    hostnamearg orleansmembershiptable.hostname%TYPE,
    statusarg orleansmembershiptable.status%TYPE,
    proxyportarg orleansmembershiptable.proxyport%TYPE,
    starttimearg orleansmembershiptable.starttime%TYPE,
    iamalivetimearg orleansmembershiptable.iamalivetime%TYPE,
    versionarg orleansmembershipversiontable.version%TYPE)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rows integer := 0;
BEGIN
    BEGIN
        UPDATE orleansmembershipversiontable
        SET timestamp = now(),
            version = version + 1
        WHERE deploymentid = deploymentidarg
          AND version = versionarg
          AND version < 2147483647;

        GET DIAGNOSTICS _rows = ROW_COUNT;

        INSERT INTO orleansmembershiptable
            (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
             starttime, iamalivetime)
        SELECT deploymentidarg, addressarg, portarg, generationarg, silonamearg, hostnamearg,
               statusarg, proxyportarg, starttimearg, iamalivetimearg
        WHERE _rows > 0
        ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT _rows;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$function$;

-- Bumps the table version only if it still equals versionarg, then updates the silo row.
-- Returns 0 and changes nothing when either step fails.
CREATE OR REPLACE FUNCTION update_membership(
    deploymentidarg orleansmembershiptable.deploymentid%TYPE,
    addressarg orleansmembershiptable.address%TYPE,
    portarg orleansmembershiptable.port%TYPE,
    generationarg orleansmembershiptable.generation%TYPE,
    statusarg orleansmembershiptable.status%TYPE,
    suspecttimesarg orleansmembershiptable.suspecttimes%TYPE,
    iamalivetimearg orleansmembershiptable.iamalivetime%TYPE,
    versionarg orleansmembershipversiontable.version%TYPE)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rows integer := 0;
BEGIN
    BEGIN
        UPDATE orleansmembershipversiontable
        SET timestamp = now(),
            version = version + 1
        WHERE deploymentid = deploymentidarg
          AND version = versionarg
          AND version < 2147483647;

        GET DIAGNOSTICS _rows = ROW_COUNT;

        UPDATE orleansmembershiptable
        SET status = statusarg,
            suspecttimes = suspecttimesarg,
            iamalivetime = GREATEST(iamalivetime, iamalivetimearg)
        WHERE deploymentid = deploymentidarg
          AND address = addressarg
          AND port = portarg
          AND generation = generationarg
          AND _rows > 0;

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT _rows;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', $q$
    SELECT * FROM update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$q$),
('InsertMembershipVersionKey', $q$
    SELECT * FROM insert_membership_version(@DeploymentId);
$q$),
('InsertMembershipKey', $q$
    SELECT * FROM insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName,
        @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT * FROM update_membership(@DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version);
$q$),
('MembershipReadRowKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    -- The version row comes back even when the silo has no row yet.
    LEFT OUTER JOIN orleansmembershiptable m
        ON v.deploymentid = m.deploymentid
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT OUTER JOIN orleansmembershiptable m ON v.deploymentid = m.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT address, proxyport, generation
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND status = @Status
      AND proxyport > 0;
$q$),
-- Prunes only dead silos (status 6) that nobody suspects any more.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND iamalivetime < @IAmAliveTime
      AND starttime < @IAmAliveTime
      AND COALESCE(suspecttimes, '') = ''
      AND status = 6;
$q$),
-- Prunes one dead row exactly as it was read, so a concurrent change keeps it.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND status = 6
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
      AND iamalivetime = @IAmAliveTime
      AND starttime = @StartTime
      AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO portkeeper_schema (version, applied_at) VALUES (6, now())
ON CONFLICT (version) DO NOTHING;
