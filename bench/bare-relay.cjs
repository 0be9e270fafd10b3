// The floor: a bare `ws` relay with no checks at all. It names each socket, seats `join`s in rooms
// (telling the others), unseats `leave`s, and forwards `candidate` frames: parse, look up, forward.
'use strict';
const { WebSocketServer } = require('ws');

const peers = new Map();
const rooms = new Map();
let nextId = 0;
const server = new WebSocketServer({ port: Number(process.env.PORT), host: '127.0.0.1' });
server.on('connection', (socket) => {
  const id = `p${nextId++}`;
  let room = null;
  peers.set(id, socket);
  socket.send(JSON.stringify({ event: 'hello', data: { selfId: id } }));
  socket.on('message', (raw) => {
    const { event, data } = JSON.parse(raw.toString());
    if (event === 'join') {
      room = rooms.get(data.roomId) ?? new Set();
      rooms.set(data.roomId, room);
      for (const other of room) peers.get(other)?.send(JSON.stringify({ event: 'new-peer', data: { peer: { id } } }));
      socket.send(
        JSON.stringify({ event: 'resp-join', data: { selfId: id, peers: [...room].map((p) => ({ id: p })) } }),
      );
      room.add(id);
      return;
    }
    if (event === 'leave') {
      room?.delete(id);
      for (const other of room ?? [])
        peers.get(other)?.send(JSON.stringify({ event: 'peer-leave', data: { peerId: id } }));
      room = null;
      return;
    }
    const target = peers.get(data.to);
    if (target) target.send(JSON.stringify({ event, data: { from: id, candidate: data.candidate } }));
  });
  socket.on('close', () => {
    peers.delete(id);
    room?.delete(id);
  });
});
server.on('listening', () => process.send?.('ready'));
// Exit on SIGTERM like a server that shuts down (so that profiles taken with BENCH_NODE_ARGS get written).
process.on('SIGTERM', () => process.exit(0));
