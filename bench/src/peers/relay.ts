/**
 * The physical floor: a `ws` server that relays each message's bytes unchanged to every other
 * socket on the same URL path. No decoding, no document, no sync, no durability: nothing a real
 * Yjs server could skip, so no real server can beat it.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('relay');
});
const wss = new WebSocketServer({ server, maxPayload: 1024 * 1024 });

wss.on('connection', (ws, req) => {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  let room = rooms.get(path);
  if (!room) rooms.set(path, (room = new Set()));
  const members = room;
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const other of members) if (other !== ws) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(path);
  });
  ws.on('error', () => ws.terminate());
});

server.listen(Number(process.env.PORT ?? 1234), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'relay listening' }));
});
process.on('SIGTERM', () => process.exit(0));
