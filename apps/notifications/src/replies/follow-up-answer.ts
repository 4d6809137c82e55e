import { FOLLOW_UP_SYMPTOMS } from '@chairside/contracts';

export type Symptom = (typeof FOLLOW_UP_SYMPTOMS)[number];

/** Words (English and Spanish, upper case, accents as typed or not) for the side effects asked about. */
const SYMPTOM_WORDS: Array<[RegExp, Symptom]> = [
  [/\b(FATIGUE|TIRED|TIREDNESS|EXHAUSTED|CANSANCIO|CANSADO|CANSADA|FATIGA)\b/, 'fatigue'],
  [/\b(HEADACHE|MIGRAINE|DOLOR DE CABEZA|JAQUECA|MIGRAÑA)\b/, 'headache'],
  [/\b(SWELLING|SWOLLEN|HINCHAZ[OÓ]N|HINCHADO|HINCHADA)\b/, 'site-swelling'],
  [/\b(SITE PAIN|PAIN|SORE|DOLOR|MOLESTIA)\b/, 'site-pain'],
  [/\b(NAUSEA|NAUSEOUS|SICK|VOMIT|VOMITING|N[AÁ]USEAS?|V[OÓ]MITOS?)\b/, 'nausea'],
  [/\b(FEVER|TEMPERATURE|FIEBRE|CALENTURA)\b/, 'fever'],
];

export interface FollowUpAnswer {
  score?: number;
  symptoms: Symptom[];
  severe: boolean;
  reason?: 'high-score' | 'fever';
}

/** A score of this or more is severe. */
export const SEVERE_SCORE = 7;

/**
 * What a reply to the follow-up says: a number 0–10 and/or the side effects it names. Undefined
 * when it says neither. Severe: a score of 7 or more, or fever (the FAQ's "call us" signs).
 */
export function readFollowUpAnswer(words: string): FollowUpAnswer | undefined {
  const number = /(?:^|\s)(10|[0-9])(?:\s*\/\s*10)?(?:\s|$)/.exec(words);
  const score = number ? Number(number[1]) : undefined;
  // "Dolor de cabeza" is a headache, not site pain.
  const text = words.replace(/\bDOLOR DE CABEZA\b/g, 'HEADACHE');
  const symptoms = SYMPTOM_WORDS.filter(([re]) => re.test(text)).map(([, s]) => s);
  if (score === undefined && !symptoms.length) return undefined;
  const unique = [...new Set(symptoms)];
  const reason = score !== undefined && score >= SEVERE_SCORE ? 'high-score' : unique.includes('fever') ? 'fever' : undefined;
  return { ...(score !== undefined ? { score } : {}), symptoms: unique, severe: !!reason, ...(reason ? { reason } : {}) };
}
