import { REFERENCE } from '../messages/appointment-reference.js';

/** What a reply asks for. STOP and START keep their carrier meaning; CANCEL is about the appointment. */
export type Keyword = 'confirm' | 'reschedule' | 'cancel' | 'no' | 'stop' | 'start' | 'help';

const KEYWORDS: Record<Keyword, string[]> = {
  confirm: ['C', 'YES', 'Y', 'SI', 'SÍ', 'CONFIRM', 'CONFIRMAR', 'OK'],
  reschedule: ['R', 'RESCHEDULE', 'CAMBIAR'],
  cancel: ['CANCEL', 'CANCELAR', 'ANULAR'],
  no: ['NO', 'N', 'KEEP', 'MANTENER'],
  stop: ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'PARAR', 'BAJA', 'REVOKE', 'OPTOUT'],
  start: ['START', 'UNSTOP', 'ALTA', 'SUBSCRIBE'],
  help: ['HELP', 'INFO', 'AYUDA'],
};

export interface ParsedReply {
  keyword?: Keyword;
  /** The appointment reference the patient typed (e.g. "C K7Q"), upper case. */
  reference?: string;
  /** The words without the reference, normalised: what follow-up answers are read from. */
  words: string;
}

/** A reply's keyword and reference, in any order, any case, without punctuation. */
export function parseReply(body: string): ParsedReply {
  const tokens = body
    .toUpperCase()
    .replace(/[.!¡¿?,;:"'()]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const reference = tokens.find((t) => REFERENCE.test(t));
  const words = tokens.filter((t) => t !== reference).join(' ');
  const keyword = (Object.keys(KEYWORDS) as Keyword[]).find((k) => KEYWORDS[k].includes(words));
  return { words, ...(keyword ? { keyword } : {}), ...(reference ? { reference } : {}) };
}

export type Language = 'en' | 'es';

/** The texts sent back to the patient, in their language. `when` is the visit's local date and time. */
export const ANSWERS = {
  en: {
    confirm: 'Thank you, your appointment is confirmed.',
    reschedule: 'Thank you, the center will call you to find a new time.',
    stop: 'You will receive no more text messages from us. Reply START to receive them again.',
    start: 'You will receive text messages from us again.',
    help: 'Reply C to confirm, R to reschedule, CANCEL to cancel, STOP to opt out. With more than one visit, add the Ref from our text, e.g. C K7Q.',
    notFound: 'We could not find a visit for that reply. Please call the center.',
    cancelQuestion: (when: string, ref: string, late: boolean) =>
      `Cancel your visit on ${when} (Ref ${ref})? Reply YES to cancel or NO to keep it.${late ? ' It is less than 24 hours away, so it counts as a late cancellation.' : ''}`,
    cancelled: (when: string) => `Your visit on ${when} is cancelled. Call the center to book a new time.`,
    kept: 'Your appointment stays booked.',
    offerTaken: 'Thank you, we are booking this time for you. A confirmation follows.',
    followUpThanks: 'Thank you for letting us know. Call the center if it gets worse or does not pass in a day or two.',
    followUpSevere:
      'Thank you. A nurse from the center will call you today. If you have trouble breathing or feel very unwell, call 911 now.',
  },
  es: {
    confirm: 'Gracias, su cita está confirmada.',
    reschedule: 'Gracias, el centro le llamará para buscar otra hora.',
    stop: 'No recibirá más mensajes de texto. Responda START para volver a recibirlos.',
    start: 'Volverá a recibir nuestros mensajes de texto.',
    help: 'Responda C para confirmar, R para cambiar, CANCELAR para anular, STOP para no recibir mensajes. Si tiene más de una cita, añada la Ref de nuestro mensaje, p. ej. C K7Q.',
    notFound: 'No encontramos una cita para esa respuesta. Por favor, llame al centro.',
    cancelQuestion: (when: string, ref: string, late: boolean) =>
      `¿Anular su cita del ${when} (Ref ${ref})? Responda SI para anularla o NO para mantenerla.${late ? ' Faltan menos de 24 horas, por lo que cuenta como cancelación tardía.' : ''}`,
    cancelled: (when: string) => `Su cita del ${when} está anulada. Llame al centro para reservar otra hora.`,
    kept: 'Su cita sigue reservada.',
    offerTaken: 'Gracias, estamos reservando esta hora para usted. Recibirá una confirmación.',
    followUpThanks: 'Gracias por contárnoslo. Llame al centro si empeora o no pasa en uno o dos días.',
    followUpSevere:
      'Gracias. Una enfermera del centro le llamará hoy. Si tiene dificultad para respirar o se encuentra muy mal, llame al 911 ahora.',
  },
} as const;

/** The visit's local date and time, as the patient reads it. */
export function localWhen(start: Date, zone: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-US', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
  }).format(start);
}
