// The demo: three centers in three zones (found by name, or registered with chairs, nurses and
// shifts through the public API), patients, and the simulator playing them at a watchable pace.
export async function startDemo(urls, adminToken, log = console.log) {
  const sim = await import('../../apps/simulator/dist/index.js');
  const api = new sim.Api(urls, adminToken, new sim.Tally());
  const centers = [];
  const fixedRate = process.env.DEMO_BOOKINGS_PER_HOUR ? Number(process.env.DEMO_BOOKINGS_PER_HOUR) : undefined;
  for (const spec of sim.DEMO_CENTERS) {
    // Booked as fast as its chairs are used (80% full), so the horizon never fills and every start books.
    const center = { ...(await sim.ensureCenter(api, spec)), bookingsPerHour: fixedRate ?? sim.capacityBookingsPerHour(spec) };
    centers.push(center);
    log(
      `[demo] ${center.name} (${center.timeZone}), ${center.chairs} chairs, open 07:00–19:00 local every day; ${center.bookingsPerHour.toFixed(1)} bookings per simulated hour`,
    );
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
    bookingsPerHour: fixedRate ?? 1,
    // The window follows the simulated clock (×pace) over the following days; when it is full, the
    // next six days are searched before a request joins the waitlist.
    horizonHours: 12,
    // The book as it stands when the demo opens: a few visits at each center at once, so the first
    // minutes have patients for the incidents below to disturb (a fresh start has none otherwise).
    initialBookings: Number(process.env.DEMO_INITIAL_BOOKINGS ?? 8),
    lookAheadHours: 6 * 24,
    // What earlier starts booked for today and tomorrow is played too, so a restart has visits at once.
    adoptBooked: true,
    durationMs: Infinity,
    log,
  });
  // What goes wrong, so the Today board shows re-plans: the first of each kind at each center as soon
  // as there is a patient to disturb, then a few of each per center and open day (at ×30 one every
  // few real minutes at an open center); SIMULATOR_*_PER_DAY=0 turns a kind off.
  const rates = sim.incidentRates({
    SIMULATOR_OVERRUNS_PER_DAY: '4',
    SIMULATOR_SICK_CALLS_PER_DAY: '2',
    SIMULATOR_OUTAGES_PER_DAY: '2',
    SIMULATOR_APPLY_REPLANS_SHARE: '0.5',
    ...process.env,
  });
  const incidents = new sim.Incidents({ api, simulation, centers, rates, random: new sim.Random(seed).fork(2), log });
  log(
    `[demo] ${patients.length} patients; the simulator books and plays visits, its clock ×${pace} (one real minute is ${pace} minutes of a visit)`,
  );
  log(
    `[demo] per center and open day: ${rates.overrunsPerDay} overruns, ${rates.sickCallsPerDay} sick calls, ${rates.outagesPerDay} chair outages; the simulated charge nurse applies ${Math.round(rates.applyReplansShare * 100)}% of the re-plans (the rest wait on the Today board)`,
  );
  const running = Promise.all([simulation.run(), incidents.run()]);
  const progress = setInterval(() => log(`[demo] so far: ${summary(api.tally.toJSON())}`), 30_000);
  return {
    // Everything the demo does ends here: no booking, no visit's next step, no timer left waiting
    // (a visit's patient, a no-show's half hour), so a test that played the demo can end.
    stop: async () => {
      clearInterval(progress);
      simulation.halt();
      incidents.stop();
      await Promise.race([running, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}

function summary(counts) {
  const keys = [
    'booked',
    'booked after a full horizon',
    'adopted',
    'confirmed',
    'cancelled',
    'waitlist joined',
    'session check-in',
    'session start',
    'session reactions',
    'no-show',
    'session discharge',
    'overrun',
    'sick call',
    'outage',
    'replan proposed',
    'replan applied',
  ];
  return keys.map((k) => `${counts[k] ?? 0} ${k.replace('session ', '')}`).join(', ');
}
