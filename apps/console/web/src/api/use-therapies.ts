import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { components } from './generated/scheduling.js';
import { data, scheduling } from './typed.js';

type BuiltIn = components['schemas']['TherapyView'];
type Own = components['schemas']['OrganisationTherapyView'];
export type TherapyCode = BuiltIn['code'];

/**
 * One therapy the organisation books, as scheduling's catalog has it: one of the nine built in
 * (GET /therapies, with the organisation's own values) or one it defined (GET /organisation-therapies).
 */
export interface CatalogTherapy {
  /** A picker's value: the defined therapy's id, or the built-in's code. */
  key: string;
  /** The defined therapy's id; null for a built-in. */
  id: string | null;
  code: string;
  name: string;
  /** The built-in it is counted as (itself for a built-in). */
  countedAs: TherapyCode;
  defaultDurationMinutes: number;
}

/** Query keys: Setup invalidates the organisation's list when it adds or revises one. */
export const BUILT_IN_THERAPIES_KEY = ['therapies', 'built-in'] as const;
export const ORGANISATION_THERAPIES_KEY = ['organisation-therapies'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What scheduling's booking, slot search, plan and waitlist bodies take for a picker's value. */
export function therapyBody(key: string): { therapyId: string } | { therapyCode: TherapyCode } {
  return UUID.test(key) ? { therapyId: key } : { therapyCode: key as TherapyCode };
}

export interface Therapies {
  /** The built-ins first, then the organisation's own, each by name. */
  therapies: CatalogTherapy[];
  builtIns: CatalogTherapy[];
  /**
   * The therapy's name from the catalog: an organisation therapy's id, else a built-in's code
   * (an appointment of a defined therapy names both: pass `therapyId ?? therapyCode`). While the
   * catalog loads, or for a role that may not read it, the code itself.
   */
  therapyName: (idOrCode: string | null | undefined) => string;
  isPending: boolean;
  error: Error | null;
  refetch: () => void;
}

export function catalogOf(builtIns: readonly BuiltIn[], own: readonly Own[]): CatalogTherapy[] {
  const byName = (a: CatalogTherapy, b: CatalogTherapy) => a.name.localeCompare(b.name);
  return [
    ...builtIns
      .map((t) => ({
        key: t.code,
        id: null,
        code: t.code,
        name: t.name,
        countedAs: t.code,
        defaultDurationMinutes: t.defaultDurationMinutes,
      }))
      .sort(byName),
    ...own
      .map((t) => ({
        key: t.id,
        id: t.id,
        code: t.code,
        name: t.name,
        countedAs: t.countedAs,
        defaultDurationMinutes: t.defaultDurationMinutes,
      }))
      .sort(byName),
  ];
}

/** Scheduling's therapy catalog for the whole console: pickers and every place a therapy is named. */
export function useTherapies(): Therapies {
  // The catalog changes rarely (an admin in Setup, which invalidates it): read again after a minute at most.
  const builtIn = useQuery({
    queryKey: BUILT_IN_THERAPIES_KEY,
    queryFn: () => data(scheduling.GET('/therapies')),
    staleTime: 60_000,
  });
  const own = useQuery({
    queryKey: ORGANISATION_THERAPIES_KEY,
    queryFn: () => data(scheduling.GET('/organisation-therapies')),
    staleTime: 60_000,
  });
  // Memoised on the data alone: screens pass therapyName to memoised rows (Today's bars).
  const catalog = useMemo(() => {
    const therapies = catalogOf(builtIn.data ?? [], own.data ?? []);
    const byKey = new Map<string, string>();
    for (const t of therapies) {
      byKey.set(t.key, t.name);
      // An organisation's code never is one of the nine, so codes do not collide.
      if (!byKey.has(t.code)) byKey.set(t.code, t.name);
    }
    return {
      therapies,
      builtIns: therapies.filter((t) => t.id === null),
      therapyName: (idOrCode: string | null | undefined) => (idOrCode ? (byKey.get(idOrCode) ?? idOrCode) : ''),
    };
  }, [builtIn.data, own.data]);
  return {
    ...catalog,
    isPending: builtIn.isPending || own.isPending,
    error: builtIn.error ?? own.error,
    refetch: () => {
      void builtIn.refetch();
      void own.refetch();
    },
  };
}
