import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { Language } from '@chairside/domain';

/**
 * The HTML part of an email, built from the same template as its plain-text part so the two never
 * say different things. The frame (header, card, footer, phone layout, Outlook's tables) is MJML
 * (templates/_email-layout.mjml); the body inside it comes from the template's shape: a line
 * ending in ':' before a list is a heading, '- ' lines are a list, 'Label: https://…' is a link
 * named by its label, every other line a paragraph. Input is the template rendered with
 * Handlebars' escaping, so every value in it (a patient's name, a center's address) is already
 * HTML-safe; nothing here unescapes.
 */
export const EMAIL_LAYOUT_MJML = fileURLToPath(new URL('../../templates/_email-layout.mjml', import.meta.url));

/**
 * MJML's compiler is asynchronous and takes tens of milliseconds, so it runs once, when this
 * module loads (the service does not start with a broken layout: strict validation throws), and
 * turns the frame into a Handlebars template whose placeholders MJML passes through untouched.
 * A message then costs one Handlebars call, as before.
 */
export async function compileEmailLayout(source: string): Promise<string> {
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  if (errors.length) throw new Error(`email layout: ${errors.map((e) => e.formattedMessage).join('; ')}`);
  return html;
}

const LAYOUT = Handlebars.create().compile(await compileEmailLayout(readFileSync(EMAIL_LAYOUT_MJML, 'utf8')), {
  strict: true,
  noEscape: true,
});

const FOOTER: Record<Language, string> = {
  en: 'This message is about your care at this center. Please do not share it.',
  es: 'Este mensaje trata sobre su atención en este centro. No lo comparta.',
};

const P = 'margin:0 0 12px;';
const H2 = 'margin:20px 0 8px;font-size:18px;line-height:1.3;color:#1b2430;';
const UL = 'margin:0 0 12px;padding-left:24px;';
const ACTION =
  'display:inline-block;background:#0b4f6c;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:6px;';
const LINK = /^(.+?):\s+(https?:\/\/\S+)$/;

export interface EmailHtmlParts {
  language: Language;
  /** Escaped already. */
  subject: string;
  /** Escaped already. */
  centerName: string;
  /** The template's body rendered with escaping. */
  body: string;
}

export function emailHtml({ language, subject, centerName, body }: EmailHtmlParts): string {
  return LAYOUT({ language, subject, centerName, body: blocks(body), footer: FOOTER[language] });
}

function blocks(body: string): string {
  const lines = body.split('\n').map((l) => l.trim());
  const out: string[] = [];
  let list: string[] | undefined;
  const closeList = () => {
    if (list) out.push(`<ul style="${UL}">${list.map((item) => `<li>${item}</li>`).join('')}</ul>`);
    list = undefined;
  };
  lines.forEach((line, i) => {
    if (line.startsWith('- ')) {
      (list ??= []).push(line.slice(2));
      return;
    }
    closeList();
    if (!line) return;
    const link = LINK.exec(line);
    if (link) out.push(`<p style="${P}"><a class="action" href="${link[2]}" style="${ACTION}">${link[1]}</a></p>`);
    else if (line.endsWith(':') && lines[i + 1]?.startsWith('- ')) out.push(`<h2 style="${H2}">${line.slice(0, -1)}</h2>`);
    else out.push(`<p style="${P}">${line}</p>`);
  });
  closeList();
  return out.join('\n');
}
