import { createHash } from 'node:crypto';
import pg from 'pg';
import { startCluster, type Cluster } from '../../../scripts/pg.mjs';
import { startServer, type RunningServer } from '../servers';

/**
 * A throwaway PostgreSQL cluster (scripts/pg.mjs, fsync on: durability is measured on it) and
 * fleets of Trellis nodes on fresh databases of it, so no part sees another part's sessions or
 * leases.
 */
export class Postgres {
  private made = 0;

  private constructor(private readonly cluster: Cluster) {}

  static async start(): Promise<Postgres> {
    return new Postgres(await startCluster());
  }

  /** A new, empty database's URL. */
  async database(): Promise<string> {
    const name = `bench_${++this.made}`;
    await this.query(this.cluster.url, `CREATE DATABASE ${name}`);
    const url = new URL(this.cluster.url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text)).rows;
    } finally {
      await client.end();
    }
  }

  stop(): void {
    this.cluster.stop();
  }
}

export interface Nodes {
  nodes: RunningServer[];
  databaseUrl: string;
  /** The node a session's connections go to: the README's HAProxy `balance hash` stands in. */
  home(sessionId: string): RunningServer;
  /** Sessions whose lease runs, per node (index as in `nodes`). */
  held(): Promise<number[]>;
  stop(): Promise<void>;
}

/** Any stable hash spreads sessions evenly; HAProxy's consistent hash would place them otherwise. */
const bucket = (id: string, n: number): number =>
  createHash('sha1').update(id).digest().readUInt32BE(0) % n;

/** `count` Trellis processes on one fresh database, started one after another (they migrate). */
export async function startNodes(
  pgsql: Postgres,
  count: number,
  env: Record<string, string> = {},
): Promise<Nodes> {
  const databaseUrl = await pgsql.database();
  const nodes: RunningServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      nodes.push(await startServer('trellis', { env: { DATABASE_URL: databaseUrl, ...env } }));
    }
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw err;
  }
  return {
    nodes,
    databaseUrl,
    home: (id) => nodes[bucket(id, nodes.length)]!,
    async held() {
      const rows = await pgsql.query<{ owner_url: string; n: string }>(
        databaseUrl,
        `SELECT owner_url, count(*) AS n FROM session_heads
         WHERE lease_until > (extract(epoch FROM clock_timestamp()) * 1000)::bigint
         GROUP BY owner_url`,
      );
      return nodes.map((node) => Number(rows.find((r) => r.owner_url === node.httpBase)?.n ?? 0));
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
