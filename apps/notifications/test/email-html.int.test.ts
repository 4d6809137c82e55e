import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, NOTIFICATION_KINDS } from '@chairside/domain';
import { loadConfig } from '@chairside/platform';
import { FAST_TIER_ENV, type MailSink, startMailSink, waitFor } from '@chairside/testing';
import { seriousViolations } from '../../console/test/accessibility.js';
import { openChromium, type SignedIn } from '../../console/test/browser.js';
import { EmailChannel } from '../src/channels/email.channel.js';
import { notificationsConfigSchema } from '../src/config/notifications.config.js';
import { type MessageContext, Renderer } from '../src/rendering/renderer.js';

// Every email template as the patient's mail program gets it: rendered, sent over a real SMTP
// server on loopback (text and HTML parts), then the HTML opened in a real Chromium, checked with
// axe-core at 600 px and at a phone's 390 px, and photographed for docs/notifications.md.

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/notifications/', import.meta.url));
const DESKTOP = { width: 600, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('HTML emails in a real browser', () => {
  let sink: MailSink;
  let channel: EmailChannel;
  let browser: SignedIn;
  const renderer = new Renderer();
  const sample: MessageContext = {
    language: 'en',
    givenName: 'Rosa',
    therapyCode: 'iron',
    centerName: 'Chairside Lakeview',
    centerAddress: '2100 N Halsted St, Chicago, IL',
    timeZone: 'America/Chicago',
    start: new Date('2026-12-10T15:00:00Z'),
    end: new Date('2026-12-10T17:00:00Z'),
    fasting: false,
    mayDrive: true,
    reference: 'K7Q',
    previousStart: new Date('2026-12-09T15:00:00Z'),
    delayMinutes: 30,
    projectedStart: new Date('2026-12-10T15:30:00Z'),
    offerExpiresAt: new Date('2026-12-08T17:00:00Z'),
    pageUrl: 'https://appointments.example/p/0b7f7c1e-3a5d-4c11-9f43-1d2e3f4a5b6c.1796000000.AAAAAAAAAAAAAAAAAAAAAA',
    // The discharge email's "From your nurse" (other kinds do not use it).
    instructions: 'Keep the arm up tonight.\nCall us if the swelling grows or you feel feverish.',
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    sink = await startMailSink();
    channel = new EmailChannel(
      loadConfig(notificationsConfigSchema, {
        ...FAST_TIER_ENV,
        SMTP_PORT: String(sink.port),
        // The loopback sink speaks no TLS (SMTP_TLS=off is for local sinks only); the SMS settings are required.
        SMTP_TLS: 'off',
        SMS_AUTH_TOKEN: 'email-html-test-sms-token',
        SMS_WEBHOOK_BASE_URL: 'http://127.0.0.1:3003',
      }),
    );
    browser = await openChromium(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
    channel?.onApplicationShutdown();
    await sink?.close();
  });

  // Every kind in every language the patient may have chosen.
  const cases = NOTIFICATION_KINDS.flatMap((kind) => LANGUAGES.map((language) => [kind, language] as const));

  it.each(cases)(
    '%s (%s): a text and an HTML part over SMTP; the HTML has no serious accessibility violation and fits a phone',
    async (kind, language) => {
      const rendered = renderer.render(kind, 'email', { ...sample, language });
      const messageId = `${kind}-${language}-${Date.now()}`;
      await channel.send({
        messageId,
        to: 'rosa@example.test',
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html ? { html: rendered.html } : {}),
        idempotencyKey: messageId,
      });
      const mail = await waitFor(async () => sink.mails.find((m) => m.messageId.includes(messageId)), {
        what: `the ${kind} email`,
        timeoutMs: 10_000,
      });
      expect(mail.subject).toBe(rendered.subject);
      expect(mail.text.trim()).toBe(rendered.text.trim());
      expect(mail.html).toContain(`<html lang="${language}"`);

      const { page } = browser;
      await page.setViewportSize(DESKTOP);
      await page.setContent(mail.html!, { waitUntil: 'load' });
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      expect(await page.title()).toBe(rendered.subject);
      expect(await page.locator('h1').textContent()).toBe(rendered.subject);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}${kind}.${language}.png`, fullPage: true });

      // On a phone (390 px): no horizontal scrolling, and still nothing serious for axe.
      await page.setViewportSize(PHONE);
      const [scrollWidth, clientWidth] = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } })
          .document.documentElement;
        return [root.scrollWidth, root.clientWidth];
      });
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      expect(await seriousViolations(page)).toEqual([]);
      if (kind === 'confirmation') await page.screenshot({ path: `${SCREENSHOTS}${kind}.${language}.phone.png`, fullPage: true });
    },
  );
});
