import { createHash } from 'node:crypto';
import type { Language } from '@chairside/domain';

/** Every value put into the page goes through this: names and addresses are data, never markup. */
export const esc = (value: string): string => value.replace(/[&<>"'`=]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The page's only style, inline and allowed by its hash (the service's policy allows nothing else:
 * no script, no other origin). Phone first; 4.5:1 contrast or more everywhere; focus visible.
 */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b2430;background:#eef1f4}
header{background:#0b4f6c;color:#fff;padding:14px 16px;font-weight:700;font-size:18px}
main{max-width:560px;margin:0 auto;padding:16px}
section{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px}
h1{font-size:22px;line-height:1.3;margin:0 0 12px}
h2{font-size:18px;margin:0 0 8px}
dl{margin:0}dt{font-weight:700;margin-top:8px}dd{margin:0}
ul{padding-left:22px;margin:0}
form{margin:0 0 12px}
button,.button{display:block;width:100%;min-height:48px;font:inherit;font-weight:700;border-radius:6px;padding:12px 16px;text-align:center;text-decoration:none;cursor:pointer}
.primary{background:#0b4f6c;color:#fff;border:2px solid #0b4f6c}
.secondary{background:#fff;color:#0b4f6c;border:2px solid #0b4f6c}
.danger{background:#a61b1b;color:#fff;border:2px solid #a61b1b}
button:focus-visible,.button:focus-visible,a:focus-visible{outline:3px solid #1b2430;outline-offset:2px}
.notice{border-left:6px solid #0b4f6c;background:#e6f1f6}
.warning{border-left:6px solid #a15c00;background:#fff4e0}
a{color:#0b4f6c}
`.trim();

/** The policy for the patient page: its own inline style, forms posting back to itself, nothing else. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export function page(language: Language, title: string, header: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>${esc(header)}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface PageTexts {
  title: (therapy: string) => string;
  when: string;
  until: string;
  where: string;
  reference: string;
  confirm: string;
  cancel: string;
  reschedule: string;
  calendar: string;
  offerHeading: string;
  offerHeld: (time: string) => string;
  takeOffer: string;
  confirmed: string;
  rescheduleAsked: string;
  cancelAsked: string;
  cancelled: string;
  offerTaken: string;
  offerGone: string;
  notPossible: string;
  cancelQuestion: string;
  cancelLate: string;
  cancelYes: string;
  cancelNo: string;
  expired: string;
  expiredHelp: string;
  back: string;
}

export const TEXTS: Record<Language, PageTexts> = {
  en: {
    title: (therapy) => `Your ${therapy} appointment`,
    when: 'When',
    until: 'Until about',
    where: 'Where',
    reference: 'Reference',
    confirm: 'Confirm I will come',
    cancel: 'Cancel this appointment',
    reschedule: 'Ask for another time',
    calendar: 'Add to my calendar',
    offerHeading: 'A time opened for you',
    offerHeld: (time) =>
      `We are holding this time for you until ${time}. After that it goes to the next patient and you keep your place on the waiting list.`,
    takeOffer: 'Take this time',
    confirmed: 'Thank you, your appointment is confirmed.',
    rescheduleAsked: 'Thank you, the center will call you to find a new time.',
    cancelAsked: 'Your cancellation was received. Call the center to book a new time.',
    cancelled: 'This appointment is cancelled. Call the center to book a new time.',
    offerTaken: 'The time is yours. We will send you the confirmation.',
    offerGone: 'This time is no longer held for you. You keep your place on the waiting list.',
    notPossible: 'This can no longer be done here. Please call the center.',
    cancelQuestion: 'Do you want to cancel this appointment?',
    cancelLate: 'It is less than 24 hours away, so it counts as a late cancellation.',
    cancelYes: 'Yes, cancel it',
    cancelNo: 'No, keep it',
    expired: 'This link has expired',
    expiredHelp: 'Please use the link in your latest message from the center, or call the center.',
    back: 'Back to the appointment',
  },
  es: {
    title: (therapy) => `Su cita de ${therapy}`,
    when: 'Cuándo',
    until: 'Hasta aproximadamente',
    where: 'Dónde',
    reference: 'Referencia',
    confirm: 'Confirmo que iré',
    cancel: 'Cancelar esta cita',
    reschedule: 'Pedir otra hora',
    calendar: 'Añadir a mi calendario',
    offerHeading: 'Se ha liberado una hora para usted',
    offerHeld: (time) =>
      `Reservamos esta hora para usted hasta las ${time}. Después pasará al siguiente paciente y usted conservará su lugar en la lista de espera.`,
    takeOffer: 'Aceptar esta hora',
    confirmed: 'Gracias, su cita está confirmada.',
    rescheduleAsked: 'Gracias, el centro le llamará para buscar otra hora.',
    cancelAsked: 'Hemos recibido su cancelación. Llame al centro para reservar otra hora.',
    cancelled: 'Esta cita está cancelada. Llame al centro para reservar otra hora.',
    offerTaken: 'La hora es suya. Le enviaremos la confirmación.',
    offerGone: 'Esta hora ya no está reservada para usted. Conserva su lugar en la lista de espera.',
    notPossible: 'Esto ya no se puede hacer aquí. Por favor, llame al centro.',
    cancelQuestion: '¿Quiere cancelar esta cita?',
    cancelLate: 'Faltan menos de 24 horas, por lo que cuenta como cancelación tardía.',
    cancelYes: 'Sí, cancelarla',
    cancelNo: 'No, mantenerla',
    expired: 'Este enlace ha caducado',
    expiredHelp: 'Use el enlace de su último mensaje del centro o llame al centro.',
    back: 'Volver a la cita',
  },
};

/** For a link that is not one of ours (altered, cut short): the language is unknown, so both. */
export function invalidLinkPage(): string {
  return page(
    'en',
    'This link does not work',
    'Chairside',
    `<section><h1>This link does not work</h1>
<p>Please open the link exactly as it is in your message from the center, or call the center.</p></section>
<section lang="es"><h2>Este enlace no funciona</h2>
<p>Abra el enlace tal como aparece en el mensaje del centro o llame al centro.</p></section>`,
  );
}
