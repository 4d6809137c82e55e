/** A treatment place. Some therapies need a bed (long or sedating infusions) or a private room. */
export const CHAIR_KINDS = ['recliner', 'bed', 'private_room'] as const;
export type ChairKind = (typeof CHAIR_KINDS)[number];
