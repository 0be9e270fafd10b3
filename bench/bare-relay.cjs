// The baseline: a bare `ws` relay with no checks at all (parse, look up, forward).
'use strict';
const { WebSocketServer } = require('ws');

const peers = new Map();
let nextId = 0;
const server = new WebSocketServer({ port: Number(process.env.PORT), host: '127.0.0.1' });
server.on('connection', (socket) => {
  const id = `p${nextId++}`;
  peers.set(id, socket);
  socket.send(JSON.stringify({ event: 'resp-join', data: { selfId: id } }));
  socket.on('message', (raw) => {
    const { event, data } = JSON.parse(raw.toString());
    const target = peers.get(data.to);
    if (target) target.send(JSON.stringify({ event, data: { from: id, candidate: data.candidate } }));
  });
  socket.on('close', () => peers.delete(id));
});
server.on('listening', () => process.send?.('ready'));
