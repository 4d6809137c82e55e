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

export async function seedDemo(schedulingUrl, adminToken, log = console.log) {
  const existing = await api('GET', `${schedulingUrl}/locations`, adminToken);
  for (const demo of DEMO_LOCATIONS) {
    let location = existing.find((l) => l.name === demo.name);
    if (!location) {
      location = await api('POST', `${schedulingUrl}/locations`, adminToken, { name: demo.name, timeZone: demo.timeZone });
      log(`[demo] registered ${demo.name} (${demo.timeZone})`);
    }
    const chairs = await api('GET', `${schedulingUrl}/locations/${location.id}/chairs`, adminToken);
    for (let i = chairs.length + 1; i <= demo.chairs; i++) {
      await api('POST', `${schedulingUrl}/locations/${location.id}/chairs`, adminToken, { label: `Chair ${String(i).padStart(2, '0')}`, kind: i % 5 === 0 ? 'bed' : 'recliner' });
    }
  }
}
