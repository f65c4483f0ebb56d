/** Types of scripts/pg.mjs, for the tests that import it. */
export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (superuser, trust authentication). */
  url: string;
  /** The temp folder holding the cluster, its socket and its log. */
  dir: string;
  /** Stops the server and removes the folder. */
  stop(): void;
}
export function findPgBin(): string | undefined;
export function startCluster(options?: { durable?: boolean }): Promise<Cluster>;
export function stopCluster(dir: string, bin?: string): void;
