export type Intent = 'confirm' | 'reschedule' | 'stop' | 'start';

/** What a reply means; carriers' own keywords for stopping and starting are honoured. */
export function intentOf(body: string): Intent | undefined {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[.!¡¿?]/g, '');
  if (['C', 'YES', 'Y', 'SI', 'SÍ', 'CONFIRM', 'CONFIRMAR'].includes(word)) return 'confirm';
  if (['R', 'RESCHEDULE', 'CAMBIAR'].includes(word)) return 'reschedule';
  if (['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'PARAR', 'BAJA'].includes(word)) return 'stop';
  if (['START', 'UNSTOP', 'ALTA'].includes(word)) return 'start';
  return undefined;
}

/** The text sent back to the patient, in their language. */
export const ANSWERS: Record<'en' | 'es', Record<Intent | 'unknown', string>> = {
  en: {
    confirm: 'Thank you, your appointment is confirmed.',
    reschedule: 'Thank you, the center will call you to find a new time.',
    stop: 'You will receive no more text messages from us. Reply START to receive them again.',
    start: 'You will receive text messages from us again.',
    unknown: 'Reply C to confirm, R to reschedule, STOP to opt out.',
  },
  es: {
    confirm: 'Gracias, su cita está confirmada.',
    reschedule: 'Gracias, el centro le llamará para buscar otra hora.',
    stop: 'No recibirá más mensajes de texto. Responda START para volver a recibirlos.',
    start: 'Volverá a recibir nuestros mensajes de texto.',
    unknown: 'Responda C para confirmar, R para cambiar, STOP para no recibir mensajes.',
  },
};
