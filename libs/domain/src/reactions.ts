/** Side effects and adverse reactions the source material and CTCAE name, with what nurses do. */
export const REACTION_KINDS = [
  'fatigue',
  'headache',
  'infusion_site_discomfort',
  'nausea',
  'infusion_reaction',
  'anaphylaxis',
  'other',
] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export const REACTION_ACTIONS = ['none', 'slowed', 'paused', 'stopped', 'medication_given'] as const;
export type ReactionAction = (typeof REACTION_ACTIONS)[number];
export const REACTION_OUTCOMES = ['resolved', 'resolving', 'ongoing', 'transferred', 'fatal'] as const;
export type ReactionOutcome = (typeof REACTION_OUTCOMES)[number];

/** CTCAE grade at or above which a reaction is high priority (severe, life-threatening, death). */
export const SEVERE_REACTION_GRADE = 3;

/** The usual protocol: grades 1–2 pause, then restart at 50% of the rate; grades 3–4 stop. */
export function protocolFor(grade: number): 'pause-then-restart-at-50-percent' | 'stop' {
  return grade >= SEVERE_REACTION_GRADE ? 'stop' : 'pause-then-restart-at-50-percent';
}
