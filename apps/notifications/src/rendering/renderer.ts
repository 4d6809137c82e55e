import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { Channel, Language, NotificationKind, TherapyCode } from '@chairside/domain';
import { DEFAULT_THERAPIES, LANGUAGES } from '@chairside/domain';

/** Templates are files (apps/notifications/templates/<language>/<kind>.<email|sms>.hbs), not strings in code. */
const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

const THERAPY_NAMES_ES: Record<TherapyCode, string> = {
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

export interface MessageContext {
  language: Language;
  givenName: string;
  therapyCode: TherapyCode;
  /** The organisation's name for the therapy, when it edited the catalog. */
  therapyName?: string;
  centerName: string;
  centerAddress: string | null;
  timeZone: string;
  start: Date;
  end: Date;
  fasting: boolean;
  mayDrive: boolean;
  previousStart?: Date;
  delayMinutes?: number;
  projectedStart?: Date;
  /** The appointment's short reference for replies ('' when it has none). */
  reference: string;
  /** A waitlist offer's end. */
  offerExpiresAt?: Date;
}

export interface Rendered {
  subject: string;
  text: string;
}

type Compiled = Record<Language, Record<string, Handlebars.TemplateDelegate>>;

@Injectable()
export class Renderer {
  private readonly compiled: Compiled;

  constructor() {
    this.compiled = {} as Compiled;
    for (const language of LANGUAGES) {
      const hbs = Handlebars.create();
      const dir = `${TEMPLATES}${language}/`;
      hbs.registerPartial('preparation', readFileSync(`${dir}_preparation.hbs`, 'utf8'));
      this.compiled[language] = {};
      for (const file of readdirSync(dir).filter((f) => !f.startsWith('_') && f.endsWith('.hbs'))) {
        this.compiled[language][file.replace(/\.hbs$/, '')] = hbs.compile(readFileSync(`${dir}${file}`, 'utf8'), {
          noEscape: true,
          strict: true,
        });
      }
    }
  }

  render(kind: NotificationKind, channel: Channel, c: MessageContext): Rendered {
    const template = this.compiled[c.language][`${kind}.${channel}`];
    if (!template) throw new Error(`no template for ${c.language}/${kind}.${channel}`);
    const locale = c.language === 'es' ? 'es-ES' : 'en-US';
    const date = (d: Date) =>
      new Intl.DateTimeFormat(locale, {
        timeZone: c.timeZone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }).format(d);
    const time = (d: Date) =>
      new Intl.DateTimeFormat(locale, { timeZone: c.timeZone, hour: 'numeric', minute: '2-digit' }).format(d);
    const therapyName =
      c.language === 'es' ? THERAPY_NAMES_ES[c.therapyCode] : (c.therapyName ?? DEFAULT_THERAPIES[c.therapyCode].name);
    const out = template({
      givenName: c.givenName,
      therapyName,
      centerName: c.centerName,
      centerAddress: c.centerAddress ?? '',
      timeZone: c.timeZone,
      localDate: date(c.start),
      localTime: time(c.start),
      localEndTime: time(c.end),
      fasting: c.fasting,
      mayDrive: c.mayDrive,
      previousLocalStart: c.previousStart ? `${date(c.previousStart)} ${time(c.previousStart)}` : '',
      delayMinutes: c.delayMinutes ?? 0,
      projectedLocalTime: c.projectedStart ? time(c.projectedStart) : '',
      reference: c.reference,
      offerExpiresLocalTime: c.offerExpiresAt ? time(c.offerExpiresAt) : '',
    }).trim();
    if (channel === 'sms') return { subject: '', text: out };
    const [first, ...rest] = out.split('\n');
    return { subject: first!.replace(/^Subject:\s*/, ''), text: rest.join('\n').trim() + '\n' };
  }
}
