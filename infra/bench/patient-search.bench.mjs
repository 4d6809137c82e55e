// npm run bench:patients — patient search over HTTP against a real scheduling process (issue 17):
//   BENCH_PATIENTS (1,000,000) patients in one organisation, registered over 10 locations, loaded
//   by SQL (the name-word trigger off, then migrations 1797130000000's and 1797160000000's backfills, as an existing
//   registry would be migrated); then, as a scheduler limited to one location (who sees a tenth of
//   them), BENCH_SEARCHES (200) searches of each kind one after another: a partial family name
//   (its first 3–5 letters), a given name and a partial family name, a family name with one letter
//   wrong, a whole name, date of birth, MRN, phone. Prints p50/p95/p99 per kind beside the machine's
//   own reference measured first in the same run (pgbench TPC-B, reference.mjs), and where the
//   slowest name searches' time goes (EXPLAIN of the service's statements). Target: partial name p95 ≤ 50 ms.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { fmt, formatPgbench, latencySummary, pgbenchReference, postgresConnection } from './reference.mjs';
import { prepareServiceBench } from './service-bench.mjs';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 1_000_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const LOCATIONS = 10;
const PORT = 3907;
const { normalizeName } = await import('../../apps/scheduling/dist/patients/patient-name.js');
const { PATIENT_NAME_WORDS_BACKFILL } = await import('../../apps/scheduling/dist/migrations/1797130000000-patient-name-words.js');
const { PATIENT_NAME_WORD_COUNTS_BACKFILL } =
  await import('../../apps/scheduling/dist/migrations/1797160000000-patient-name-word-counts.js');
const { PATIENT_NAME_WORD_COVER_BACKFILL } =
  await import('../../apps/scheduling/dist/migrations/1797161000000-patient-name-word-cover.js');
const { DEV_ORGANISATION_ID, mintDevToken } = await import('../../libs/platform/dist/index.js');

// mulberry32: a seeded generator in 32-bit integer arithmetic (the LCG of the other benches loses
// precision in doubles and cycles long before the 20,000 surnames below).
let seed = 17;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];

// Names: common given and family names (with accents) first, then a long tail of made-up
// surnames, drawn with a skew (cube of a uniform draw) so a few names are very common, as in life.
const GIVEN = `María José Lucía Carmen Ana Laura Marta Sofía Elena Isabel Paula Núria Inés Pilar Rosa Teresa Juan Luis
  Carlos Javier Manuel Antonio Francisco David Jesús Pedro Miguel Ángel Rafael Sergio Íñigo Jorge Álvaro Pablo Raúl
  James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth Richard Barbara Joseph Susan Thomas Jessica
  Charles Sarah Christopher Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven Ashley
  Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Dorothy Brian Carol George Amanda Timothy Melissa
  Zoë Chloé Noémie Björn Søren Łukasz Renée Françoise Jürgen Håkon Siobhán Nguyễn Thảo Mei Wei Aiko Hiroshi Priya Arjun`
  .split(/\s+/)
  .filter(Boolean);
const FAMILY = `García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Hernández Ruiz
  Díaz Moreno Muñoz Álvarez Romero Gutiérrez Alonso Navarro Torres Domínguez Ramos Vázquez Gil Ramírez Serrano Blanco
  Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo
  Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña Flores Cabrera Campos
  Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson White Harris Thompson
  Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts
  Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Østergaard Łukasiewicz Nováková Dvořák`
  .split(/\s+/)
  .filter(Boolean);
const SYLLABLES =
  'ba be bi bo bu ca ce co cu da de di do du fa fe fi fo ga go gu la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi za zo ar el in on or an en ur al es'.split(
    ' ',
  );
const tail = new Set();
while (tail.size < 20_000) {
  const n = 2 + Math.floor(random() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += pick(SYLLABLES);
  w += pick(['z', 's', 'n', 'r', 'ez', 'ini', 'ov', 'sen', 'son', '']);
  tail.add(w[0].toUpperCase() + w.slice(1));
}
const families = [...FAMILY, ...[...tail].filter((w) => !FAMILY.includes(w))];

// BENCH_DATABASE: the database an earlier run kept (BENCH_KEEP_DATABASE=1), patients loaded; the
// load is skipped (most of a run's time) and the database kept again.
const reuse = process.env.BENCH_DATABASE;
const { db, env, database, spawnService, finish } = await prepareServiceBench('scheduling', { reuse });
try {
  // The reference first, on a machine where nothing of the benchmark runs yet.
  const reference = await pgbenchReference({ connection: postgresConnection(env) });
  console.log(formatPgbench(reference));

  const locations = reuse
    ? (await db.query(`SELECT id FROM location WHERE name LIKE 'Bench %' ORDER BY name`)).rows.map((r) => r.id)
    : [];
  for (let l = locations.length; l < LOCATIONS; l++) {
    const id = randomUUID();
    locations.push(id);
    await db.query(
      `INSERT INTO location (id, organisation_id, name, time_zone, version) VALUES ($1, $2, $3, 'America/Chicago', 1)`,
      [id, DEV_ORGANISATION_ID, `Bench ${l}`],
    );
  }

  // Patient i: a given name, one or two family names (skewed draws, fixed by `setseed`), born
  // 1930–2011, phone +1312 and i, MRN B and i, registered at location i mod 10.
  const loadStarted = Date.now();
  if (!reuse) await db.query(`ALTER TABLE patient DISABLE TRIGGER patient_name_words`);
  const BATCH = 100_000;
  await db.query(`SELECT setseed(0.17)`);
  for (let from = 1; !reuse && from <= PATIENTS; from += BATCH) {
    const to = Math.min(PATIENTS, from + BATCH - 1);
    await db.query(
      `WITH draw AS (
         SELECT i, 1 + floor(power(random(), 3) * array_length($2::text[], 1))::int AS g,
           1 + floor(power(random(), 3) * array_length($4::text[], 1))::int AS f1,
           CASE WHEN random() < 0.5 THEN 1 + floor(power(random(), 3) * array_length($4::text[], 1))::int END AS f2,
           '1930-01-01'::date + floor(random() * 30000)::int AS born
         FROM generate_series($6::int, $7::int) i)
       INSERT INTO patient (id, organisation_id, mrn, given_name, family_name, name_search, date_of_birth, phone,
           registered_location_id, version)
       SELECT gen_random_uuid(), $1, 'B' || lpad(i::text, 8, '0'), ($2::text[])[g], ($4::text[])[f1] || coalesce(' ' || ($4::text[])[f2], ''),
         ($3::text[])[g] || ' ' || ($5::text[])[f1] || coalesce(' ' || ($5::text[])[f2], ''), born, '+1312' || lpad(i::text, 7, '0'),
         ($8::uuid[])[1 + i % ${LOCATIONS}], 1
       FROM draw`,
      [
        DEV_ORGANISATION_ID,
        GIVEN,
        GIVEN.map((n) => normalizeName(n)),
        families,
        families.map((n) => normalizeName(n)),
        from,
        to,
        locations,
      ],
    );
  }
  if (!reuse) {
    // Row by row the word rows would come with their copies; after a load by SQL they are filled in here.
    for (const statement of [
      ...PATIENT_NAME_WORDS_BACKFILL,
      ...PATIENT_NAME_WORD_COUNTS_BACKFILL,
      ...PATIENT_NAME_WORD_COVER_BACKFILL,
    ])
      await db.query(statement);
    await db.query(`ALTER TABLE patient ENABLE TRIGGER patient_name_words`);
  }
  // Also on a reused database, whose newer migrations may have rewritten the tables.
  await db.query(`VACUUM ANALYZE patient`);
  await db.query(`VACUUM ANALYZE patient_name_word`);
  await db.query(`VACUUM ANALYZE patient_name_dictionary`);
  const counts = (
    await db.query(
      `SELECT (SELECT count(*) FROM patient)::int AS patients, (SELECT count(*) FROM patient_name_word)::int AS words,
        (SELECT count(*) FROM patient_name_dictionary)::int AS dictionary,
        pg_size_pretty(pg_total_relation_size('patient')) AS patient_size,
        pg_size_pretty(pg_total_relation_size('patient_name_word')) AS word_size`,
    )
  ).rows[0];
  console.log(
    `${reuse ? `Reused ${database}:` : 'Loaded'} ${fmt(counts.patients)} patients in one organisation (${LOCATIONS} locations)` +
      `${reuse ? '' : ` in ${fmt((Date.now() - loadStarted) / 1000)} s`}: ` +
      `${fmt(counts.words)} name words, a dictionary of ${fmt(counts.dictionary)}; patient ${counts.patient_size}, patient_name_word ${counts.word_size}`,
  );

  // What the searches ask for: names, dates of birth, MRNs and phones of patients the scheduler sees
  // (the same ones on a reused database: the draw is seeded).
  await db.query(`SELECT setseed(0.42)`);
  const mine = (
    await db.query(
      `SELECT given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS born, mrn, phone FROM patient
        WHERE registered_location_id = $1 ORDER BY random() LIMIT $2`,
      [locations[0], SEARCHES],
    )
  ).rows;
  const oneLetterWrong = (word) => {
    const at = 1 + Math.floor(random() * (word.length - 2));
    const swap = word[at] === 'e' ? 'a' : 'e';
    return word.slice(0, at) + swap + word.slice(at + 1);
  };
  const firstFamily = (p) => p.family_name.split(' ')[0];
  const kinds = {
    'partial family name (3–5 letters)': (p) =>
      `name=${encodeURIComponent(firstFamily(p).slice(0, 3 + Math.floor(random() * 3)))}`,
    'given name + partial family name': (p) => `name=${encodeURIComponent(`${p.given_name} ${firstFamily(p).slice(0, 4)}`)}`,
    'family name, one letter wrong': (p) => `name=${encodeURIComponent(oneLetterWrong(normalizeName(firstFamily(p))))}`,
    'whole name': (p) => `name=${encodeURIComponent(`${p.given_name} ${p.family_name}`)}`,
    'date of birth': (p) => `dateOfBirth=${p.born}`,
    MRN: (p) => `mrn=${p.mrn}`,
    phone: (p) => `phone=${encodeURIComponent(p.phone)}`,
  };

  const service = spawnService(PORT, { KAFKA_CONSUMER_GROUP: `bench-${Date.now()}` });
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('scheduling did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // A scheduler limited to one location, as the issue's users are (a tenth of the patients).
  const token = mintDevToken(
    { sub: 'bench-scheduler', org: DEV_ORGANISATION_ID, roles: ['scheduler'], locations: [locations[0]] },
    { issuer: env.AUTH_OIDC_ISSUER, nodeEnv: env.NODE_ENV, ...(env.IDENTITY_DATA_DIR ? { dir: env.IDENTITY_DATA_DIR } : {}) },
  );
  const headers = { authorization: `Bearer ${token}` };
  const search = async (query) => {
    const started = performance.now();
    const response = await fetch(`${url}/patients?${query}&limit=20`, { headers });
    const body = await response.json();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET /patients?${query}: ${response.status} ${JSON.stringify(body)}`);
    return { ms, found: body.items.length };
  };
  // Warm-up: the service's first requests (JIT, pool) and the indexes into PostgreSQL's cache.
  for (const p of mine.slice(0, 20)) for (const kind of Object.values(kinds)) await search(kind(p));

  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
  console.log(`${SEARCHES} searches of each kind, one at a time, as a scheduler of one location, pages of 20:`);
  const results = {};
  for (const [name, query] of Object.entries(kinds)) {
    const latencies = [];
    let empty = 0;
    for (const p of mine) {
      const { ms, found } = await search(query(p));
      latencies.push(ms);
      if (!found) empty++;
    }
    const s = latencySummary(latencies);
    results[name] = s;
    console.log(
      `  ${name.padEnd(36)} p50 ${fmt(s.p50, 1).padStart(6)} ms, p95 ${fmt(s.p95, 1).padStart(6)} ms, p99 ${fmt(s.p99, 1).padStart(6)} ms, max ${fmt(s.max, 1).padStart(6)} ms` +
        `  (p95 = ${fmt(s.p95 / reference.latencyAverage, 2)} × pgbench's average latency; ${empty} found nobody)`,
    );
  }
  const partial = Math.max(results['partial family name (3–5 letters)'].p95, results['given name + partial family name'].p95);
  console.log(`Partial name p95 ${fmt(partial, 1)} ms (target ≤ 50 ms: ${partial <= 50 ? 'met' : 'NOT met'})`);

  // Where a search's time goes: the service's own query (its build in dist) run here with every
  // statement but the settings EXPLAINed (ANALYZE, BUFFERS), for the slowest of each name kind's
  // first 20 searches: statements, their execution time and the buffers they read.
  await import('reflect-metadata');
  const { SearchPatientsQuery } = await import('../../apps/scheduling/dist/patients/search-patients/search-patients.query.js');
  let statements = [];
  const explaining = {
    async query(sql, parameters) {
      if (/^SELECT set_config/.test(sql)) return (await db.query(sql, parameters)).rows;
      const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters)).rows[0]['QUERY PLAN'][0];
      statements.push({ ms: plan['Execution Time'], buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'] });
      return (await db.query(sql, parameters)).rows;
    },
  };
  const searchQuery = new SearchPatientsQuery({
    async transaction(work) {
      await db.query('BEGIN');
      try {
        return await work(explaining);
      } finally {
        await db.query('COMMIT');
      }
    },
  });
  for (const [name, query] of Object.entries(kinds).slice(0, 4)) {
    let worst;
    for (const p of mine.slice(0, 20)) {
      statements = [];
      const text = decodeURIComponent(query(p).slice('name='.length));
      await searchQuery.execute({
        organisationId: DEV_ORGANISATION_ID,
        locations: [locations[0]],
        name: text,
        limit: 20,
        offset: 0,
      });
      const ms = statements.reduce((sum, x) => sum + x.ms, 0);
      if (!worst || ms > worst.ms) worst = { text, ms, statements };
    }
    console.log(
      `  EXPLAIN ${name}, slowest of 20 ("${worst.text}"): ${worst.statements.length} statements, ${fmt(worst.ms, 2)} ms, ` +
        `${fmt(worst.statements.reduce((sum, x) => sum + x.buffers, 0))} buffers (${worst.statements.map((x) => `${fmt(x.ms, 2)} ms/${fmt(x.buffers)}`).join(', ')})`,
    );
  }
  service.kill('SIGTERM');
  console.log(`Database ${database}; command: npm run bench:patients (BENCH_PATIENTS=${PATIENTS}, BENCH_SEARCHES=${SEARCHES})`);
} finally {
  await finish();
}
