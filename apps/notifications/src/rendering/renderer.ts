import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { Channel, Language, NotificationKind, PreparationRequirements, TherapyCode } from '@chairside/domain';
import { DEFAULT_THERAPIES, LANGUAGES } from '@chairside/domain';
import { emailHtml } from './email-html.js';
import { preparationFor, preparationValues } from './preparation.js';

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
  /**
   * A therapy the organisation defined itself: its name (its own word, in every language) and
   * preparation requirements, as the booking carried them. Absent for the nine built-ins.
   */
  ownTherapy?: { name: string; preparation: PreparationRequirements } | null;
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
  /** The signed link to the appointment's patient page, for messages the patient may act on. */
  pageUrl?: string;
  /** A discharge: what the nurse told the patient to do at home, as typed. */
  instructions?: string;
}

/** A text stays a few segments long: the nurse's words beyond this are in the email and the discharge papers. */
export const SMS_INSTRUCTIONS_MAX = 400;

/**
 * The nurse's instructions as the points of a list: one per line she typed, her own bullets
 * taken off. As list items they are never read as a heading or a link by the HTML (email-html.ts).
 */
export function instructionLines(instructions: string | undefined): string[] {
  return (instructions ?? '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
}

/** The same on one line for a text, cut at a word with '…' past SMS_INSTRUCTIONS_MAX characters. */
export function instructionsForText(instructions: string | undefined): string {
  const line = instructionLines(instructions).join(' ');
  if (line.length <= SMS_INSTRUCTIONS_MAX) return line;
  const cut = line.slice(0, SMS_INSTRUCTIONS_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SMS_INSTRUCTIONS_MAX / 2)).trimEnd()}…`;
}

export interface Rendered {
  subject: string;
  text: string;
  /** Emails only: the same message as an HTML document (the text stays its plain-text alternative). */
  html?: string;
}

interface Pair {
  text: Handlebars.TemplateDelegate;
  /** Emails only: the same template compiled with escaping, so every interpolated value is HTML-safe. */
  html?: Handlebars.TemplateDelegate;
}
type Compiled = Record<Language, Record<string, Pair>>;

/**
 * The template values of the preparation advice. Fasting and driving are the caller's (the
 * organisation's setting, or a nurse's decision about driving for this visit); the rest comes from
 * the organisation's own therapy when there is one, else the built-in's FAQ defaults.
 */
function preparationOf(c: Pick<MessageContext, 'fasting' | 'mayDrive' | 'therapyCode' | 'ownTherapy'>) {
  const p = preparationFor(c.therapyCode, { requiresFasting: c.fasting, mayDriveAfter: c.mayDrive }, c.ownTherapy?.preparation);
  return { ...preparationValues(p, c.mayDrive), fasting: c.fasting };
}

@Injectable()
export class Renderer {
  private readonly compiled: Compiled;
  private readonly preparations = {} as Record<Language, Handlebars.TemplateDelegate>;

  constructor() {
    this.compiled = {} as Compiled;
    for (const language of LANGUAGES) {
      const dir = `${TEMPLATES}${language}/`;
      // One Handlebars per output: a partial is compiled with its own options, so the escaping one
      // gets its own escaping copy of the preparation partial.
      const text = Handlebars.create();
      const html = Handlebars.create();
      const partial = readFileSync(`${dir}_preparation.hbs`, 'utf8');
      this.preparations[language] = text.compile(partial, { noEscape: true, strict: true });
      text.registerPartial('preparation', this.preparations[language]);
      html.registerPartial('preparation', html.compile(partial, { strict: true }));
      this.compiled[language] = {};
      for (const file of readdirSync(dir).filter((f) => !f.startsWith('_') && f.endsWith('.hbs'))) {
        const source = readFileSync(`${dir}${file}`, 'utf8');
        this.compiled[language][file.replace(/\.hbs$/, '')] = {
          text: text.compile(source, { noEscape: true, strict: true }),
          ...(file.endsWith('.email.hbs') ? { html: html.compile(source, { strict: true }) } : {}),
        };
      }
    }
  }

  /** The preparation advice of the messages, as a heading and its points (for the patient page, which escapes them). */
  preparation(c: Pick<MessageContext, 'language' | 'fasting' | 'mayDrive' | 'therapyCode' | 'ownTherapy'>): {
    heading: string;
    points: string[];
  } {
    const lines = this.preparations[c.language](preparationOf(c))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return {
      heading: lines[0]!.replace(/:$/, ''),
      points: lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2)),
    };
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
      c.ownTherapy?.name ??
      (c.language === 'es' ? THERAPY_NAMES_ES[c.therapyCode] : (c.therapyName ?? DEFAULT_THERAPIES[c.therapyCode].name));
    const values = {
      givenName: c.givenName,
      therapyName,
      centerName: c.centerName,
      centerAddress: c.centerAddress ?? '',
      timeZone: c.timeZone,
      localDate: date(c.start),
      localTime: time(c.start),
      localEndTime: time(c.end),
      ...preparationOf(c),
      previousLocalStart: c.previousStart ? `${date(c.previousStart)} ${time(c.previousStart)}` : '',
      delayMinutes: c.delayMinutes ?? 0,
      projectedLocalTime: c.projectedStart ? time(c.projectedStart) : '',
      reference: c.reference,
      offerExpiresLocalTime: c.offerExpiresAt ? time(c.offerExpiresAt) : '',
      pageUrl: c.pageUrl ?? '',
      instructionLines: instructionLines(c.instructions),
      instructionsText: instructionsForText(c.instructions),
    };
    const out = template.text(values).trim();
    if (channel === 'sms') return { subject: '', text: out };
    const [first, ...rest] = out.split('\n');
    const subject = first!.replace(/^Subject:\s*/, '');
    const [escapedSubject, ...escapedBody] = template.html!(values).trim().split('\n');
    return {
      subject,
      text: rest.join('\n').trim() + '\n',
      html: emailHtml({
        language: c.language,
        subject: escapedSubject!.replace(/^Subject:\s*/, ''),
        centerName: Handlebars.escapeExpression(c.centerName),
        body: escapedBody.join('\n').trim(),
      }),
    };
  }
}
