// `npm run bench`: every scenario in one run, the servers on one core and the load on the other,
// figures to stdout and to bench/results.md. `--quick` (under a minute) checks that it all works;
// `--only=relay,joins` picks scenarios. Figures are comparable within one run only: quote the ratios.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cores } = require('./lib/measure.cjs');
const { report } = require('./lib/report.cjs');
const { runRelay } = require('./relay.cjs');
const { runConnections } = require('./connections.cjs');
const { runJoins } = require('./joins.cjs');
const { runBrowser } = require('./browser.cjs');
const { pin } = require('./lib/measure.cjs');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ALL = ['relay', 'connections', 'joins', 'browser'];
const only = (args.find((a) => a.startsWith('--only=')) ?? `--only=${ALL.join(',')}`)
  .slice('--only='.length)
  .split(',');
const env = (name, full, short) => Number(process.env[name] || (quick ? short : full));

const options = {
  relay: {
    pairs: env('BENCH_PAIRS', 50, 20),
    window: env('BENCH_WINDOW', 4, 4),
    warmupMs: env('BENCH_WARMUP_MS', 2000, 300),
    measureMs: env('BENCH_MEASURE_MS', 10000, 1500),
    rounds: env('BENCH_ROUNDS', 3, 1),
    basePort: 21101, // below the ephemeral range, which 10,000 client sockets sweep through
    compareApi: process.env.BENCH_COMPARE_API,
  },
  connections: { sockets: env('BENCH_SOCKETS', 10000, 500), roomSize: 4, basePort: 21121 },
  joins: {
    samples: env('BENCH_JOINS', 400, 50),
    churnPerSecond: 100,
    churnSeconds: env('BENCH_CHURN_SECONDS', 10, 3),
    basePort: 21131,
  },
  browser: { runs: env('BENCH_BROWSER_RUNS', 10, 1), basePort: 21141 },
};

async function main() {
  pin(process.pid, cores ? cores.load : '0');
  const started = new Date();
  const results = {};
  const log = (line) => console.log(line);
  if (only.includes('relay')) results.relay = await runRelay(options.relay, log);
  if (only.includes('connections')) results.connections = await runConnections(options.connections, log);
  if (only.includes('joins')) results.joins = await runJoins(options.joins, log);
  if (only.includes('browser')) results.browser = await runBrowser(options.browser, log);
  const text = report({ started, quick, options, results });
  console.log(`\n${text}`);
  // Only a full run of every scenario replaces the recorded results.
  if (!quick && ALL.every((scenario) => only.includes(scenario))) writeFileSync(join(__dirname, 'results.md'), text);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
