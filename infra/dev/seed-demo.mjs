// The demo: three centers in three zones (found by name, or registered with chairs, nurses and
// shifts through the public API), patients, and the simulator playing them at a watchable pace.
export async function startDemo(urls, adminToken, log = console.log) {
  const sim = await import('../../apps/simulator/dist/index.js');
  const api = new sim.Api(urls, adminToken, new sim.Tally());
  const centers = [];
  for (const spec of sim.DEMO_CENTERS) {
    const center = await sim.ensureCenter(api, spec);
    centers.push(center);
    log(`[demo] ${center.name} (${center.timeZone}), ${center.chairs} chairs, open 07:00–19:00 local every day`);
  }
  const seed = Number(process.env.DEMO_SEED ?? 1);
  const patients = await sim.createPatients(
    api,
    new sim.Random(seed),
    Number(process.env.DEMO_PATIENTS ?? 60),
    `demo${Date.now()}`,
  );
  const pace = Number(process.env.DEMO_PACE ?? 30);
  const simulation = new sim.Simulation({
    api,
    centers,
    patients,
    seed,
    pace,
    bookingsPerHour: Number(process.env.DEMO_BOOKINGS_PER_HOUR ?? 10),
    horizonHours: 12,
    durationMs: Infinity,
    log,
  });
  log(
    `[demo] ${patients.length} patients; the simulator books and plays visits, its clock ×${pace} (one real minute is ${pace} minutes of a visit)`,
  );
  const running = simulation.run();
  const progress = setInterval(() => log(`[demo] so far: ${summary(api.tally.toJSON())}`), 30_000);
  return {
    stop: async () => {
      clearInterval(progress);
      simulation.stop();
      await Promise.race([running, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}

function summary(counts) {
  const keys = [
    'booked',
    'confirmed',
    'cancelled',
    'waitlist joined',
    'session check-in',
    'session start',
    'session reactions',
    'no-show',
    'session discharge',
  ];
  return keys.map((k) => `${counts[k] ?? 0} ${k.replace('session ', '')}`).join(', ');
}
