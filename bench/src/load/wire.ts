import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Protocol } from '../servers';

/**
 * Message framing per server, so every server is driven by the same client code doing the same
 * Yjs work. y-websocket's protocol: `varUint type · sync step · varUint8Array`. Hocuspocus
 * prefixes every message with the document name, needs an Auth message first, and has a
 * `SyncReply` type so answering its sync step 1 does not start another round. The relay carries
 * plain y-websocket update messages and nothing else (it has no state to sync with).
 */
export type Incoming =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'other' };

export interface Wire {
  /** Whether the server answers sync step 1 (the relay does not). */
  readonly serverSyncs: boolean;
  hello(): Uint8Array[];
  step1(stateVector: Uint8Array): Uint8Array;
  /** Our answer to the server's sync step 1. */
  step2(update: Uint8Array): Uint8Array;
  update(update: Uint8Array): Uint8Array;
  parse(data: Uint8Array): Incoming;
}

const MSG_SYNC = 0;
const HOCUS_AUTH = 2;
const HOCUS_SYNC_REPLY = 4;
const AUTH_TOKEN = 0;

function frame(prefix: string | undefined, type: number, write: (e: encoding.Encoder) => void) {
  const e = encoding.createEncoder();
  if (prefix !== undefined) encoding.writeVarString(e, prefix);
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

function readSync(d: decoding.Decoder): Incoming {
  const step = decoding.readVarUint(d);
  const payload = decoding.readVarUint8Array(d);
  switch (step) {
    case syncProtocol.messageYjsSyncStep1:
      return { kind: 'step1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { kind: 'step2', update: payload };
    case syncProtocol.messageYjsUpdate:
      return { kind: 'update', update: payload };
    default:
      return { kind: 'other' };
  }
}

const syncPart = (step: number, payload: Uint8Array) => (e: encoding.Encoder) => {
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
};

export function wireFor(protocol: Protocol, docName: string, token: string): Wire {
  const prefix = protocol === 'hocuspocus' ? docName : undefined;
  const step2Type = protocol === 'hocuspocus' ? HOCUS_SYNC_REPLY : MSG_SYNC;
  return {
    serverSyncs: protocol !== 'relay',
    hello: () =>
      protocol === 'hocuspocus'
        ? [
            frame(prefix, HOCUS_AUTH, (e) => {
              encoding.writeVarUint(e, AUTH_TOKEN);
              encoding.writeVarString(e, token || 'bench');
            }),
          ]
        : [],
    step1: (sv) => frame(prefix, MSG_SYNC, syncPart(syncProtocol.messageYjsSyncStep1, sv)),
    step2: (u) => frame(prefix, step2Type, syncPart(syncProtocol.messageYjsSyncStep2, u)),
    update: (u) => frame(prefix, MSG_SYNC, syncPart(syncProtocol.messageYjsUpdate, u)),
    parse(data) {
      const d = decoding.createDecoder(data);
      if (prefix !== undefined) decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type === MSG_SYNC || (prefix !== undefined && type === HOCUS_SYNC_REPLY)) {
        return readSync(d);
      }
      return { kind: 'other' };
    },
  };
}
