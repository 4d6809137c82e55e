import { createContext, useContext } from 'react';
import { en, type MessageKey, type Messages } from './en.js';

/**
 * The i18n layer: every string goes through t(key, values), and dates and numbers through Intl
 * with the active locale. English now; Spanish is a `es.ts` with the same keys and a locale here.
 */
export interface I18n {
  locale: string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  has(key: string): key is MessageKey;
}

export function createI18n(locale: string, messages: Messages): I18n {
  return {
    locale,
    // A key the services know and this build does not (a new queue kind) shows as itself rather than breaking the screen.
    t: (key, values) =>
      ((messages as Record<string, string | undefined>)[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
        values && name in values ? String(values[name]) : whole,
      ),
    has: (key): key is MessageKey => key in messages,
  };
}

export const english = createI18n('en', en);
export const I18nContext = createContext<I18n>(english);
export const useI18n = (): I18n => useContext(I18nContext);
