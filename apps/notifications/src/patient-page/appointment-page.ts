import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import type { Renderer } from '../rendering/renderer.js';
import { esc, page, TEXTS } from './page-html.js';
import type { PatientPageView } from './patient-page.query.js';
import { LATE_CANCELLATION_MS } from '../replies/handle-reply/handle-reply.use-case.js';

export type Notice = 'confirmed' | 'rescheduleAsked' | 'cancelAsked' | 'offerTaken' | 'notPossible';

const THERAPY_NAMES_ES: Partial<Record<TherapyCode, string>> = {
  biologics: 'terapia biológica',
  chemotherapy: 'quimioterapia',
  hydration: 'hidratación',
  immune_globulin: 'inmunoglobulina',
  immunotherapy: 'inmunoterapia',
  iron: 'infusión de hierro',
  iv_antibiotics: 'antibióticos intravenosos',
  steroids: 'infusión de corticoides',
  therapeutic_phlebotomy: 'flebotomía terapéutica',
};

function when(v: PatientPageView, d: Date, withDate: boolean): string {
  const locale = v.language === 'es' ? 'es-ES' : 'en-US';
  return new Intl.DateTimeFormat(locale, {
    timeZone: v.timeZone,
    ...(withDate ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : {}),
    hour: 'numeric',
    minute: '2-digit',
  }).format(d);
}

function therapyName(v: PatientPageView): string {
  if (v.ownTherapy) return v.ownTherapy.name;
  const code = v.therapyCode ?? 'hydration';
  if (v.language === 'es') return THERAPY_NAMES_ES[code] ?? code;
  return v.therapy?.name ?? DEFAULT_THERAPIES[code]?.name ?? code;
}

/** What the held time or the appointment allows now; the page shows only those buttons. */
export function offerOpen(v: PatientPageView, now: Date): boolean {
  return (
    v.kind === 'waitlist-offer' && v.status === 'held' && !!v.details.offerExpiresAt && new Date(v.details.offerExpiresAt) > now
  );
}

/**
 * The appointment page: time and place in the location's zone, preparation, and the answers the
 * appointment allows. Only the appointment: no name, no contact, nothing else of the patient's.
 */
export function appointmentPage(renderer: Renderer, v: PatientPageView, token: string, now: Date, notice?: Notice): string {
  const t = TEXTS[v.language];
  const base = `/p/${encodeURIComponent(token)}`;
  const parts: string[] = [];
  if (notice) parts.push(`<section class="notice" role="status"><p>${esc(t[notice])}</p></section>`);
  const details: string[] = [];
  if (v.startsAt) details.push(`<dt>${t.when}</dt><dd>${esc(when(v, v.startsAt, true))} (${esc(v.timeZone)})</dd>`);
  if (v.endsAt) details.push(`<dt>${t.until}</dt><dd>${esc(when(v, v.endsAt, false))}</dd>`);
  details.push(`<dt>${t.where}</dt><dd>${esc(v.centerName)}${v.centerAddress ? `<br>${esc(v.centerAddress)}` : ''}</dd>`);
  if (v.reference) details.push(`<dt>${t.reference}</dt><dd>${esc(v.reference)}</dd>`);
  parts.push(`<section><h1>${esc(t.title(therapyName(v)))}</h1><dl>${details.join('')}</dl></section>`);

  const actions: string[] = [];
  if (v.kind === 'waitlist-offer') {
    if (offerOpen(v, now))
      actions.push(
        `<h2>${t.offerHeading}</h2><p>${esc(t.offerHeld(when(v, new Date(v.details.offerExpiresAt!), false)))}</p>`,
        `<form method="post" action="${base}/take"><button class="primary" type="submit">${t.takeOffer}</button></form>`,
      );
    else if (!notice) actions.push(`<p role="status">${esc(v.status === 'booked' ? t.offerTaken : t.offerGone)}</p>`);
  } else if (v.status === 'booked' && v.lastAnswer !== 'cancel') {
    actions.push(
      `<form method="post" action="${base}/confirm"><button class="primary" type="submit">${t.confirm}</button></form>`,
      `<form method="post" action="${base}/reschedule"><button class="secondary" type="submit">${t.reschedule}</button></form>`,
      `<p><a class="button secondary" href="${base}/cancel">${t.cancel}</a></p>`,
      `<p><a href="${base}/calendar.ics">${t.calendar}</a></p>`,
    );
  } else if (v.status === 'cancelled' && !notice) actions.push(`<p role="status">${esc(t.cancelled)}</p>`);
  if (actions.length) parts.push(`<section>${actions.join('\n')}</section>`);

  if (v.therapyCode && v.status !== 'cancelled') {
    const prep = renderer.preparation({
      language: v.language,
      therapyCode: v.therapyCode,
      ownTherapy: v.ownTherapy,
      fasting:
        v.ownTherapy?.preparation.fasting ??
        v.therapy?.requiresFasting ??
        DEFAULT_THERAPIES[v.therapyCode]?.requiresFasting ??
        false,
      mayDrive:
        v.ownTherapy?.preparation.mayDrive ?? v.therapy?.mayDriveAfter ?? DEFAULT_THERAPIES[v.therapyCode]?.mayDriveAfter ?? true,
    });
    parts.push(
      `<section><h2>${esc(prep.heading)}</h2><ul>${prep.points.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></section>`,
    );
  }
  return page(v.language, t.title(therapyName(v)), v.centerName, parts.join('\n'));
}

/** "Do you want to cancel?", with the late-cancellation rule when it applies. */
export function cancelQuestionPage(v: PatientPageView, token: string, now: Date): string {
  const t = TEXTS[v.language];
  const base = `/p/${encodeURIComponent(token)}`;
  const late = !!v.startsAt && v.startsAt.getTime() - now.getTime() < LATE_CANCELLATION_MS;
  const body = `<section><h1>${t.cancelQuestion}</h1>
<p>${v.startsAt ? `${esc(when(v, v.startsAt, true))} (${esc(v.timeZone)})` : ''}, ${esc(v.centerName)}</p>
${late ? `<p class="warning">${t.cancelLate}</p>` : ''}
<form method="post" action="${base}/cancel"><button class="danger" type="submit">${t.cancelYes}</button></form>
<p><a class="button secondary" href="${base}">${t.cancelNo}</a></p></section>`;
  return page(v.language, t.cancelQuestion, v.centerName, body);
}

export function expiredPage(v: PatientPageView | undefined): string {
  const language = v?.language ?? 'en';
  const t = TEXTS[language];
  return page(
    language,
    t.expired,
    v?.centerName || 'Chairside',
    `<section><h1>${t.expired}</h1><p>${t.expiredHelp}</p></section>`,
  );
}
