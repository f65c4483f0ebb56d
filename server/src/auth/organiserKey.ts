import fs from 'node:fs';
import path from 'node:path';
import { hashSecret, newToken } from './tokens';

const FILE = 'organiser-key.sha256';

/**
 * Returns the SHA-256 of the organiser key. From ORGANISER_KEY when set; otherwise a key is made
 * on first start, its hash kept in DATA_DIR (0600) and the key itself printed once. Lost it?
 * Delete the file and restart to get a new one.
 */
export function resolveOrganiserKeyHash(
  dataDir: string,
  fromEnv: string | undefined,
  announce: (key: string) => void,
): string {
  if (fromEnv) return hashSecret(fromEnv);
  const file = path.join(dataDir, FILE);
  if (fs.existsSync(file)) {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(stored)) return stored;
    throw new Error(`${file} is not a SHA-256 hex digest; delete it to generate a new key`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = newToken();
  const hash = hashSecret(key);
  fs.writeFileSync(file, hash + '\n', { mode: 0o600 });
  announce(key);
  return hash;
}

/** Prints a generated key once, on purpose outside the JSON log so it is easy to spot and copy. */
export const announceOrganiserKey = (key: string): void =>
  console.log(`\n  Trellis organiser key (shown once, keep it safe): ${key}\n`);

/** Where several nodes keep one organiser key's hash (PostgreSQL's settings table). */
export interface SharedKeyStore {
  /** Keeps `hash` unless a hash is kept already; returns the one kept. */
  keepFirst(hash: string): Promise<string>;
}

/**
 * resolveOrganiserKeyHash for several nodes: the key's hash lives in `store`, not in DATA_DIR.
 * The first node to start without ORGANISER_KEY makes the key and prints it; the others use its
 * hash. Lost it? Delete the row (PROTOCOL.md) and restart a node.
 */
export async function resolveSharedOrganiserKeyHash(
  store: SharedKeyStore,
  fromEnv: string | undefined,
  announce: (key: string) => void,
): Promise<string> {
  if (fromEnv) return hashSecret(fromEnv);
  const key = newToken();
  const hash = hashSecret(key);
  const kept = await store.keepFirst(hash);
  if (!/^[0-9a-f]{64}$/.test(kept)) {
    throw new Error(
      'the stored organiser key is not a SHA-256 hex digest; delete it to start over',
    );
  }
  if (kept === hash) announce(key);
  return kept;
}
