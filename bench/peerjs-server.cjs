// The PeerJS signaling server (the `peer` package) as its README starts it, for the relay comparison.
'use strict';
const { PeerServer } = require('peer');

PeerServer({ port: Number(process.env.PORT), host: '127.0.0.1', path: '/' }, () => process.send?.('ready'));
process.on('SIGTERM', () => process.exit(0));
