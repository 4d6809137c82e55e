// Seeds the demo organisation through the public API (idempotent: skips what exists).
const DEMO_LOCATIONS = [
  { name: 'Chairside Riverside (Chicago)', timeZone: 'America/Chicago', chairs: 12 },
  { name: 'Chairside Bayview (San Francisco)', timeZone: 'America/Los_Angeles', chairs: 8 },
  { name: 'Chairside Retiro (Madrid)', timeZone: 'Europe/Madrid', chairs: 6 },
];

async function api(method, url, token, body) {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const HOURS = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [{ opens: '07:30', closes: '18:30' }]]));
const NURSES = [
  { displayName: 'Nurse Alvarez', certifications: ['infusion', 'chemotherapy_biotherapy'], startHour: 7 },
  { displayName: 'Nurse Okafor', certifications: ['infusion', 'chemotherapy_biotherapy'], startHour: 8 },
  { displayName: 'Nurse Lindqvist', certifications: ['infusion'], startHour: 9 },
];

/** Opening hours, nurses and two weeks of shifts, in the location's own time zone. */
async function staff(schedulingUrl, adminToken, location, timeZone, log) {
  await api('PUT', `${schedulingUrl}/locations/${location.id}/hours`, adminToken, { weeklyHours: HOURS });
  const { DateTime } = await import('luxon');
  for (const n of NURSES) {
    const nurse = await api('POST', `${schedulingUrl}/locations/${location.id}/nurses`, adminToken, { displayName: n.displayName, certifications: n.certifications, capacity: 4, startWindowMinutes: 15 });
    for (let d = 0; d < 14; d++) {
      const day = DateTime.now().setZone(timeZone).startOf('day').plus({ days: d });
      if (day.weekday > 5) continue;
      const start = day.set({ hour: n.startHour });
      await api('POST', `${schedulingUrl}/locations/${location.id}/nurses/${nurse.id}/shifts`, adminToken, {
        startsAt: start.toISO(),
        endsAt: start.plus({ hours: 9 }).toISO(),
        breaks: [{ start: start.plus({ hours: 4 }).toISO(), end: start.plus({ hours: 4, minutes: 30 }).toISO() }],
      });
    }
  }
  log(`[demo] ${location.name}: opening hours, ${NURSES.length} nurses with two weeks of shifts`);
}

export async function seedDemo(schedulingUrl, adminToken, log = console.log) {
  const existing = await api('GET', `${schedulingUrl}/locations`, adminToken);
  for (const demo of DEMO_LOCATIONS) {
    let location = existing.find((l) => l.name === demo.name);
    if (!location) {
      location = await api('POST', `${schedulingUrl}/locations`, adminToken, { name: demo.name, timeZone: demo.timeZone });
      log(`[demo] registered ${demo.name} (${demo.timeZone})`);
      await staff(schedulingUrl, adminToken, location, demo.timeZone, log);
    }
    const chairs = await api('GET', `${schedulingUrl}/locations/${location.id}/chairs`, adminToken);
    for (let i = chairs.length + 1; i <= demo.chairs; i++) {
      await api('POST', `${schedulingUrl}/locations/${location.id}/chairs`, adminToken, { label: `Chair ${String(i).padStart(2, '0')}`, kind: i % 5 === 0 ? 'bed' : 'recliner' });
    }
  }
  if (!existing.length) {
    const patient = await api('POST', `${schedulingUrl}/patients`, adminToken, { givenName: 'Demo', familyName: 'Patient', dateOfBirth: '1968-05-20', email: 'demo.patient@example.org', preferredLanguage: 'en', preferredChannel: 'email', notificationConsent: true });
    log(`[demo] patient ${patient.id} (try GET /locations/{id}/slots?therapyCode=iron&patientId=${patient.id}&from=…&to=…)`);
    // One booking, so the sessions board and the messages page have something at once.
    const chicago = (await api('GET', `${schedulingUrl}/locations`, adminToken)).find((l) => l.timeZone === 'America/Chicago');
    const from = new Date(Date.now() + 24 * 3600_000).toISOString();
    const to = new Date(Date.now() + 8 * 24 * 3600_000).toISOString();
    const [slot] = await api('GET', `${schedulingUrl}/locations/${chicago.id}/slots?therapyCode=iron&patientId=${patient.id}&from=${from}&to=${to}&limit=1`, adminToken);
    if (slot) {
      const booked = await api('POST', `${schedulingUrl}/locations/${chicago.id}/appointments`, adminToken, { patientId: patient.id, therapyCode: 'iron', startsAt: slot.start });
      log(`[demo] booked ${booked.id} at ${chicago.name}, ${slot.start}: its confirmation email shows on the messages page`);
    }
  }
}
