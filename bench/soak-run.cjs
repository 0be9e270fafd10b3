// The soak itself, against a server that is already running: sockets in rooms exchange sequence-numbered
// `chat` and `candidate` frames; every receiver checks, per sender, that nothing is lost, duplicated or
// delivered from outside its room. Used by `npm run soak` (bench/soak.cjs) and by the API e2e suite.
'use strict';
const WebSocket = require('ws');

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `tasks` with at most `limit` at a time (upgrades per address are capped by the server). */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * @param {object} options
 * @param {string} options.baseUrl  http://127.0.0.1:port
 * @param {string} options.wsUrl    ws://127.0.0.1:port/ws
 * @param {number} options.sockets  total sockets (a multiple of roomSize)
 * @param {number} options.roomSize sockets per room
 * @param {number} options.seconds  how long frames are exchanged
 * @param {number} options.socketsPerAccount sockets opened with one account (under the server's cap)
 * @param {number} options.framesPerSecond frames each socket sends per second
 * @param {(phase: string) => void} [options.sample] called at 'before', during 'run' and at 'after'
 * @param {() => Promise<void>} [options.settle] awaited just before the 'before' sample
 */
async function runSoak(options) {
  const { baseUrl, wsUrl, sockets: total, roomSize, seconds, socketsPerAccount, framesPerSecond } = options;
  const sample = options.sample ?? (() => undefined);
  const log = options.log ?? (() => undefined);
  const post = async (path, body, token) => {
    const res = await fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const accountCount = Math.ceil(total / socketsPerAccount);
  const tag = Date.now().toString(36);
  const tokens = await pool(
    Array.from({ length: accountCount }, (_, i) => i),
    4,
    async (i) => {
      const username = `soak${tag}${i}`;
      await post('/api/auth/register', { username, password: 'soak-password' });
      return (await post('/api/auth/login', { username, password: 'soak-password' })).accessToken;
    },
  );
  const roomCount = total / roomSize;
  const roomIds = await pool(
    Array.from({ length: roomCount }, (_, i) => i),
    8,
    async (i) => {
      const room = await post('/api/rooms', { name: `soak ${i}`, capacity: roomSize }, tokens[i % tokens.length]);
      return room.id;
    },
  );
  log(`${accountCount} accounts, ${roomCount} rooms of ${roomSize}`);
  await options.settle?.();
  sample('before');

  /** Ground truth: which room each peer id sits in. */
  const roomOfPeer = new Map();
  const members = [];
  const counts = { lost: 0, duplicated: 0, misrouted: 0, errors: 0, closed: 0, received: 0, sent: 0 };

  const openMember = async (index) => {
    const room = Math.floor(index / roomSize);
    const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(tokens[index % tokens.length])}`);
    const member = {
      index,
      room,
      socket,
      selfId: null,
      peers: new Set(),
      chatSent: 0,
      /** per target peer id */
      candidateSent: new Map(),
      /** per sender peer id: {highest sequence number seen, how many arrived} for chat / candidate */
      lastChat: new Map(),
      lastCandidate: new Map(),
      closedByServer: false,
    };
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('close', () => {
      if (!member.leaving) {
        member.closedByServer = true;
        counts.closed++;
      }
    });
    const joined = new Promise((resolve, reject) => {
      socket.on('message', (raw) => {
        const frame = JSON.parse(raw.toString());
        switch (frame.event) {
          case 'resp-join':
            member.selfId = frame.data.selfId;
            roomOfPeer.set(member.selfId, room);
            for (const peer of frame.data.peers) member.peers.add(peer.peerId);
            resolve();
            return;
          case 'new-peer':
            member.peers.add(frame.data.peer.peerId);
            return;
          case 'peer-leave':
            member.peers.delete(frame.data.peerId);
            return;
          case 'chat': {
            counts.received++;
            const [, seq, senderRoom] = /^(\d+)@(\d+)$/.exec(frame.data.text) ?? [];
            receive(member, member.lastChat, frame.data.from, Number(seq), Number(senderRoom));
            return;
          }
          case 'candidate': {
            counts.received++;
            const [, seq, senderRoom] = /^candidate:(\d+)@(\d+) /.exec(frame.data.candidate.candidate) ?? [];
            receive(member, member.lastCandidate, frame.data.from, Number(seq), Number(senderRoom));
            return;
          }
          case 'error':
            counts.errors++;
            if (!member.selfId) reject(new Error(`join refused: ${JSON.stringify(frame.data)}`));
            return;
          default:
            return;
        }
      });
    });
    socket.send(JSON.stringify({ event: 'join', data: { roomId: roomIds[room] } }));
    await joined;
    return member;
  };

  function receive(member, last, from, seq, senderRoom) {
    // A frame from outside the room, or one claiming another room than its sender's, is misrouted.
    if (roomOfPeer.get(from) !== member.room || senderRoom !== member.room || !Number.isInteger(seq)) {
      counts.misrouted++;
      return;
    }
    const seen = last.get(from) ?? { highest: 0, count: 0 };
    if (seq <= seen.highest) {
      counts.duplicated++;
      return;
    }
    // Over TCP a gap is never filled later: what is skipped here is lost (counted at the end from `count`).
    last.set(from, { highest: seq, count: seen.count + 1 });
  }

  const openStarted = Date.now();
  const indexes = Array.from({ length: total }, (_, i) => i);
  const all = await pool(indexes, 16, openMember);
  members.push(...all);
  // Everyone must know its whole room before traffic starts, or early frames would look misrouted.
  const deadline = Date.now() + 30000;
  while (members.some((m) => m.peers.size < roomSize - 1)) {
    if (Date.now() > deadline) throw new Error('not every socket saw its whole room');
    await wait(50);
  }
  log(`${total} sockets joined in ${((Date.now() - openStarted) / 1000).toFixed(1)} s`);
  sample('run');

  // Each socket sends on its own timer, alternating a room-wide chat and a candidate to one peer.
  const intervalMs = 1000 / framesPerSecond;
  let running = true;
  const timers = members.map((member, i) =>
    setTimeout(function tick() {
      if (!running) return;
      const peers = [...member.peers];
      if (member.chatSent <= [...member.candidateSent.values()].reduce((a, b) => a + b, 0) || peers.length === 0) {
        member.chatSent++;
        member.socket.send(JSON.stringify({ event: 'chat', data: { text: `${member.chatSent}@${member.room}` } }));
      } else {
        const to = peers[(member.chatSent + i) % peers.length];
        const seq = (member.candidateSent.get(to) ?? 0) + 1;
        member.candidateSent.set(to, seq);
        member.socket.send(
          JSON.stringify({
            event: 'candidate',
            data: {
              to,
              candidate: {
                candidate: `candidate:${seq}@${member.room} 1 udp 1 127.0.0.1 9 typ host`,
                sdpMid: '0',
                sdpMLineIndex: 0,
              },
            },
          }),
        );
      }
      counts.sent++;
      timers[i] = setTimeout(tick, intervalMs);
    }, Math.random() * intervalMs),
  );
  const sampler = setInterval(() => sample('run'), 500);
  await wait(seconds * 1000);
  running = false;
  for (const timer of timers) clearTimeout(timer);

  /** What every receiver should have seen from every sender of its room, as counts. */
  const missing = () => {
    let lost = 0;
    for (const receiver of members) {
      for (const sender of members.filter((m) => m.room === receiver.room)) {
        lost += sender.chatSent - (receiver.lastChat.get(sender.selfId)?.count ?? 0);
        if (sender !== receiver) {
          lost +=
            (sender.candidateSent.get(receiver.selfId) ?? 0) - (receiver.lastCandidate.get(sender.selfId)?.count ?? 0);
        }
      }
    }
    return lost;
  };
  const drainDeadline = Date.now() + 20000;
  while (missing() > 0 && Date.now() < drainDeadline) await wait(200);
  clearInterval(sampler);
  sample('run');
  counts.lost = missing();

  for (const member of members) {
    member.leaving = true;
    member.socket.send(JSON.stringify({ event: 'leave', data: {} }));
    member.socket.close();
  }
  await Promise.all(
    members.map((m) =>
      m.socket.readyState === WebSocket.CLOSED ? null : new Promise((r) => m.socket.once('close', r)),
    ),
  );
  return counts;
}

module.exports = { runSoak };
