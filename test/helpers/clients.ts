import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServer, type ServerToClient } from '@trellis/shared';

/** A stock y-websocket provider, exactly as a third-party Yjs client would connect. */
export function provider(
  wsUrl: string,
  sessionId: string,
  token: string,
  doc = new Y.Doc(),
): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const p = new WebsocketProvider(`${wsUrl}/yjs`, sessionId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (p.synced) resolve();
    else p.once('sync', () => resolve());
  });
  return { doc, provider: p, synced };
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(bytes: Uint8Array): void;
  sendUpdate(update: Uint8Array): void;
}

/** A bare ws client for hostile and byte-level tests. */
export function rawClient(wsUrl: string, sessionId: string, token?: string): RawClient {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${wsUrl}/yjs/${sessionId}${query}`);
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    opened,
    send: (bytes) => ws.send(bytes),
    sendUpdate(update) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      ws.send(encoding.toUint8Array(e));
    },
  };
}

/** Applies every sync message a raw client received to a doc, as a provider would. */
export function applyReceived(raw: RawClient, doc: Y.Doc): void {
  for (const message of raw.messages) {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== 0) continue;
    const step = decoding.readVarUint(d);
    if (step === syncProtocol.messageYjsSyncStep1) continue;
    Y.applyUpdate(doc, decoding.readVarUint8Array(d));
  }
}

export type TrellisSocket = Socket<ServerToClient, ClientToServer>;

export function socket(url: string, token: string): TrellisSocket {
  return io(url, {
    auth: { token, version: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

/** An update made by a doc with a chosen clientID, for forging tests. */
export function updateFrom(
  clientId: number,
  change: (doc: Y.Doc) => void,
  base?: Y.Doc,
): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  // Set after loading: Yjs picks a fresh clientID when a remote update carries its own.
  doc.clientID = clientId;
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}
