-- Trellis on PostgreSQL: the same tables as the SQLite file (server/src/storage/sqlite*.ts).
-- Times are milliseconds since the epoch (bigint), as in the SQLite file and the protocol.

CREATE TABLE sessions (
  id text PRIMARY KEY,
  title text NOT NULL,
  template text NOT NULL,
  join_code text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  ended_at bigint,
  retention_days integer,
  follow_up_of text
);
CREATE INDEX sessions_follow_up_of ON sessions (follow_up_of) WHERE follow_up_of IS NOT NULL;

CREATE TABLE members (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions (id),
  role text NOT NULL,
  name text,
  token_hash text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  device_hash text,
  removed_at bigint,
  -- Join order, for members who joined in the same millisecond (SQLite's rowid).
  n bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX members_session ON members (session_id);

-- One row per session: the last number its log gave out ([D3]). An append takes its numbers
-- here, under the row's lock, so concurrent appends to one session stay gapless and in order.
-- Ownership (owner, owner_url, epoch, lease_until) is for several nodes: a node will append
-- only where it still holds the session's lease.
CREATE TABLE session_heads (
  session_id text PRIMARY KEY,
  last_seq bigint NOT NULL DEFAULT 0,
  owner text,
  owner_url text,
  epoch bigint NOT NULL DEFAULT 0,
  lease_until bigint
);

CREATE TABLE updates (
  session_id text NOT NULL,
  seq bigint NOT NULL,
  time bigint NOT NULL,
  member_id text,
  data bytea NOT NULL,
  PRIMARY KEY (session_id, seq)
);
CREATE INDEX updates_session_time ON updates (session_id, time);

CREATE TABLE checkpoints (
  session_id text NOT NULL,
  seq bigint NOT NULL,
  time bigint NOT NULL,
  state bytea NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE client_ids (
  session_id text NOT NULL,
  client_id bigint NOT NULL,
  member_id text NOT NULL,
  PRIMARY KEY (session_id, client_id)
);

CREATE TABLE snapshots (
  session_id text NOT NULL,
  seq bigint NOT NULL,
  time bigint NOT NULL,
  label text NOT NULL,
  kind text NOT NULL,
  n bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX snapshots_session ON snapshots (session_id, time);

CREATE TABLE private_cards (
  session_id text NOT NULL,
  card_id text NOT NULL,
  member_id text NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  anonymous boolean NOT NULL,
  created_at bigint NOT NULL,
  revealed_at bigint,
  PRIMARY KEY (session_id, card_id)
);
CREATE INDEX private_cards_member ON private_cards (session_id, member_id);

CREATE TABLE votes (
  session_id text NOT NULL,
  member_id text NOT NULL,
  card_id text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (session_id, member_id, card_id)
);

CREATE TABLE commitment_links (
  token_hash text PRIMARY KEY,
  session_id text NOT NULL,
  card_id text NOT NULL,
  member_id text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX commitment_links_session ON commitment_links (session_id, member_id);

CREATE TABLE bans (
  session_id text NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (session_id, kind, value)
);

CREATE TABLE card_owners (
  session_id text NOT NULL,
  card_id text NOT NULL,
  member_id text NOT NULL,
  PRIMARY KEY (session_id, card_id)
);

-- What every node must agree on beyond sessions: the organiser key's hash.
CREATE TABLE settings (
  name text PRIMARY KEY,
  value text NOT NULL
);

-- rate-limiter-flexible's RateLimiterPostgres table ([L1]–[L3] budgets shared by every node).
-- UNLOGGED: a count is worth nothing after a crash, and its writes skip the WAL and its fsync.
CREATE UNLOGGED TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
