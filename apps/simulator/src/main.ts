#!/usr/bin/env node
// The simulator's command line: drives a running platform through its public APIs.
//   node apps/simulator/dist/main.js [--demo] [--centers N --chairs C] [--seed S] [--pace P] [--minutes M] [--bookings-per-hour B]
import { parseArgs } from 'node:util';
import { ClientCredentials } from '@chairside/platform';
import { Api, Tally } from './api.js';
import { simulatorConfig } from './config/simulator.config.js';
import { createPatients, ensureCenter } from './center.js';
import { Incidents } from './incidents.js';
import { DEMO_CENTERS, fleet } from './presets.js';
import { Random } from './random.js';
import { Simulation } from './simulate.js';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    centers: { type: 'string', default: '3' },
    chairs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    pace: { type: 'string', default: '30' },
    minutes: { type: 'string', default: '10' },
    'bookings-per-hour': { type: 'string', default: '6' },
    'horizon-hours': { type: 'string', default: '24' },
    patients: { type: 'string', default: '200' },
  },
});

const { urls, token, client, incidents: rates } = simulatorConfig();
// A token given (CHAIRSIDE_TOKEN), or the simulator signs in as its own OAuth client.
const credentials = new ClientCredentials(client);
const api = new Api(urls, token ?? (() => credentials.token()), new Tally());
const seed = Number(values.seed);
const random = new Random(seed);
const specs = values.demo ? DEMO_CENTERS : fleet(Number(values.centers), Number(values.chairs), `Simulated ${seed}`);
const centers = [];
for (const spec of specs) centers.push(await ensureCenter(api, spec));
const patients = await createPatients(api, random.fork(1), Number(values.patients), `sim${seed}`);
console.log(`[simulator] ${centers.length} centers, ${patients.length} patients; pace ×${values.pace}, seed ${seed}`);
const simulation = new Simulation({
  api,
  centers,
  patients,
  seed,
  pace: Number(values.pace),
  bookingsPerHour: Number(values['bookings-per-hour']),
  horizonHours: Number(values['horizon-hours']),
  durationMs: Number(values.minutes) * 60_000,
  log: (line) => console.log(line),
});
// Overruns, sick calls and outages at the SIMULATOR_*_PER_DAY rates (none by default).
const incidents = new Incidents({ api, simulation, centers, rates, random: random.fork(2), log: (line) => console.log(line) });
process.on('SIGINT', () => {
  simulation.stop();
  incidents.stop();
});
const progress = setInterval(() => console.log(`[simulator] ${JSON.stringify(api.tally)}`), 10_000);
await Promise.all([simulation.run(), incidents.run()]);
clearInterval(progress);
console.log(`[simulator] done: ${JSON.stringify(api.tally)}`);
