// node infra/bench/cpu-profile-summary.mjs <file.cpuprofile> [operations] [top]
// Where a V8 CPU profile's samples went: self time by package (the leaf frame's node_modules
// package, or Node's internals, GC, program, idle), the top functions by self time, and the
// inclusive time of every function in the profile (each counted once per sample), in ms and,
// given the number of operations (events, bookings) of the phase, in ms per operation.
// One phase of a whole-run profile: PROFILE_FROM=<function name> leaves out the samples before the first
// one with that function on its stack (start-up), PROFILE_UNTIL=<function name> those from the first one
// with it on (e.g. the booking phase: PROFILE_FROM=BookAppointment… PROFILE_UNTIL=findSlots).
// PROFILE_SKIP_MS and PROFILE_SPAN_MS narrow that to a time window: from PROFILE_SKIP_MS after its
// start, PROFILE_SPAN_MS long (e.g. the first 2 s of the booking phase against a later 2 s).
import { readFileSync } from 'node:fs';

const [file, operationsArg, topArg] = process.argv.slice(2);
const operations = Number(operationsArg) || undefined;
const top = Number(topArg) || 25;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Each sample's duration is the delta to the next one (the last gets the mean).
const deltas = profile.timeDeltas;
const durations = deltas
  .slice(1)
  .concat([deltas.reduce((a, b) => a + b, 0) / deltas.length])
  .map((us) => us / 1000);

const where = (frame) => {
  const { functionName, url } = frame.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (ours) return `@chairside/${ours[2]}`;
  return url.split('/').slice(-2).join('/');
};
const label = (frame) => {
  const { functionName, url, lineNumber } = frame.callFrame;
  return `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/(libs|apps|infra)\//, '$1/')}:${lineNumber + 1}` : ''}`;
};

const onStack = (id, name) => {
  for (let n = id; n !== undefined; n = parent.get(n)) if (nodes.get(n).callFrame.functionName === name) return true;
  return false;
};
const firstWith = (name) => (name ? profile.samples.findIndex((id) => onStack(id, name)) : -1);
const phaseStart = Math.max(0, firstWith(process.env.PROFILE_FROM));
const untilIndex = firstWith(process.env.PROFILE_UNTIL);
let until = untilIndex < 0 ? profile.samples.length : untilIndex;
let from = phaseStart;
{
  const skip = Number(process.env.PROFILE_SKIP_MS ?? 0);
  const span = Number(process.env.PROFILE_SPAN_MS ?? Infinity);
  let t = 0;
  let windowFrom = until;
  let windowUntil = until;
  for (let i = phaseStart; i < until; i++) {
    if (t >= skip && windowFrom === until) windowFrom = i;
    if (t >= skip + span) {
      windowUntil = i;
      break;
    }
    t += durations[i];
  }
  from = windowFrom;
  until = windowUntil;
}
const byPackage = new Map();
const bySelf = new Map();
const inclusive = new Map();
let total = 0;
let idle = 0;
profile.samples.forEach((id, i) => {
  if (i < from || i >= until) return;
  const ms = durations[i];
  const leaf = nodes.get(id);
  total += ms;
  if (leaf.callFrame.functionName === '(idle)') idle += ms;
  byPackage.set(where(leaf), (byPackage.get(where(leaf)) ?? 0) + ms);
  bySelf.set(label(leaf), (bySelf.get(label(leaf)) ?? 0) + ms);
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const l = label(nodes.get(n));
    if (!seen.has(l)) {
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  }
});

const per = (ms) => (operations ? `${(ms / operations).toFixed(3).padStart(8)} ms/op` : '');
const rows = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / (total - idle)).toFixed(1).padStart(5)}% ${per(ms)}  ${k}`,
    )
    .join('\n');
console.log(
  `${file}: ${(total / 1000).toFixed(1)} s sampled, ${((total - idle) / 1000).toFixed(1)} s busy (${per(total - idle)})${operations ? `, ${operations} operations` : ''}; % of busy`,
);
console.log(`Self time by package:\n${rows(byPackage, top)}`);
console.log(`Self time by function:\n${rows(bySelf, top)}`);
console.log(`Inclusive time (each function once per sample):\n${rows(inclusive, top * 2)}`);
