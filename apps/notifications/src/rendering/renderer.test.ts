import { NOTIFICATION_KINDS } from '@chairside/domain';
import { type MessageContext, Renderer } from './renderer.js';

describe('emails in HTML beside their plain text', () => {
  const renderer = new Renderer();
  // Values a registration form or a location's settings may hold: markup is data, never markup.
  const hostile: MessageContext = {
    language: 'en',
    givenName: 'Rosa <script>alert(1)</script>',
    therapyCode: 'iron',
    therapyName: 'Iron "<b>infusion</b>"',
    centerName: 'Center & <i>Co</i>',
    centerAddress: '1 Main St <img src=x onerror=alert(1)>',
    timeZone: 'America/Chicago',
    start: new Date('2026-12-10T15:00:00Z'),
    end: new Date('2026-12-10T17:00:00Z'),
    fasting: true,
    mayDrive: false,
    reference: 'K7Q',
    previousStart: new Date('2026-12-09T15:00:00Z'),
    delayMinutes: 30,
    projectedStart: new Date('2026-12-10T15:30:00Z'),
    offerExpiresAt: new Date('2026-12-08T17:00:00Z'),
    pageUrl: 'https://appointments.example/p/abc.123.def"><script>x</script>',
  };

  it.each(NOTIFICATION_KINDS.flatMap((kind) => (['en', 'es'] as const).map((language) => [kind, language] as const)))(
    '%s (%s): every interpolated value is escaped in the HTML, and the plain text is unchanged',
    (kind, language) => {
      const rendered = renderer.render(kind, 'email', { ...hostile, language });
      expect(rendered.html).toBeDefined();
      const html = rendered.html!;
      // MJML's frame: an HTML5 document in the patient's language.
      expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${language}" dir="ltr"`, 'i'));
      expect(html).not.toMatch(/<script|<img|<b>|<i>|onerror=alert\(1\)>/);
      expect(html).toContain('Center &amp; &lt;i&gt;Co&lt;/i&gt;');
      // The plain-text part keeps the values as typed.
      expect(rendered.text).toContain('Rosa <script>alert(1)</script>');
      expect(html).toContain('Rosa &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('<h1 ');
      // Layout tables only with role=presentation.
      expect(html.match(/<table(?![^>]*role="presentation")/g)).toBeNull();
    },
  );

  it('turns the preparation list into a heading and a list, and the page link into a named link', () => {
    const html = renderer.render('confirmation', 'email', { ...hostile, pageUrl: 'https://appointments.example/p/t.1.x' }).html!;
    expect(html).toMatch(/<h2 [^>]*>Before your visit<\/h2>\n<ul [^>]*><li>/);
    expect(html).toContain('<a class="action" href="https://appointments.example/p/t.1.x"');
    expect(html).toContain('>Confirm, cancel or see your preparation</a>');
  });

  it('texts have no HTML part', () => {
    expect(renderer.render('reminder', 'sms', hostile).html).toBeUndefined();
  });
});

describe('preparation from the therapy', () => {
  const renderer = new Renderer();
  const base = {
    givenName: 'Rosa',
    centerName: 'Lakeview',
    centerAddress: null,
    timeZone: 'America/Chicago',
    start: new Date('2026-12-10T15:00:00Z'),
    end: new Date('2026-12-10T17:00:00Z'),
    reference: 'K7Q',
  };

  it('gives every therapy the seed advice: hydrate, eat, sleep, loose sleeves, something to do, driving', () => {
    const text = renderer.render('confirmation', 'email', {
      ...base,
      language: 'en',
      therapyCode: 'iron',
      fasting: false,
      mayDrive: true,
    }).text;
    for (const advice of [
      'Drink plenty of water',
      'Eat a normal meal',
      "good night's sleep",
      'loose clothing',
      'something to pass the time',
    ])
      expect(text).toContain(advice);
    expect(text).toContain('ask your care team if you are not sure');
    expect(text).not.toMatch(/blood tests|pre-medication/);
  });

  it('adds labs and pre-medication where the therapy needs them, fasting instead of a meal, and no driving, in both languages', () => {
    const chemo = { ...base, therapyCode: 'chemotherapy' as const, fasting: true, mayDrive: false };
    const en = renderer.render('reminder', 'email', { ...chemo, language: 'en' }).text;
    expect(en).toContain('needs recent blood tests');
    expect(en).toContain('pre-medication');
    expect(en).toContain('Do not eat for the hours before');
    expect(en).not.toContain('Eat a normal meal');
    expect(en).toContain('arrange for someone to drive you home');
    const es = renderer.render('reminder', 'email', { ...chemo, language: 'es' }).text;
    expect(es).toContain('análisis de sangre recientes');
    expect(es).toContain('premedicación');
    const sms = renderer.render('reminder', 'sms', { ...chemo, language: 'en' }).text;
    expect(sms).toContain('Ask us about blood tests beforehand. Take any pre-medication as prescribed.');
    expect(
      renderer.render('reminder', 'sms', { ...base, language: 'en', therapyCode: 'biologics', fasting: false, mayDrive: true })
        .text,
    ).toContain('Eat a normal meal. Take any pre-medication as prescribed.');
  });

  it("advises what the organisation's own therapy asks for, under its own name, in English and Spanish", () => {
    const ownTherapy = {
      name: 'Ocrelizumab infusion',
      preparation: {
        fasting: true,
        labsDayBefore: true,
        premedication: true,
        hydration: false,
        bringCompanion: true,
        mayDrive: false,
      },
    };
    // Counted as a biologic, whose own advice would be: eat, drink water, no labs, may drive.
    const own = { ...base, therapyCode: 'biologics' as const, ownTherapy, fasting: true, mayDrive: false };
    const en = renderer.render('confirmation', 'email', { ...own, language: 'en' });
    expect(en.subject).toContain('Ocrelizumab infusion');
    expect(en.text).toContain('Do not eat for the hours before');
    expect(en.text).toContain('needs recent blood tests');
    expect(en.text).toContain('pre-medication');
    expect(en.text).toContain('Please bring someone with you to the visit.');
    expect(en.text).toContain('arrange for someone to drive you home');
    expect(en.text).not.toContain('Drink plenty of water');
    const es = renderer.render('confirmation', 'email', { ...own, language: 'es' });
    expect(es.subject).toContain('Ocrelizumab infusion');
    expect(es.text).toContain('No coma durante las horas previas');
    expect(es.text).toContain('Por favor, venga acompañado de alguien a la visita.');
    expect(es.text).not.toContain('Beba mucha agua');
    expect(renderer.render('reminder', 'sms', { ...own, language: 'es' }).text).toContain('Venga acompañado.');
    expect(renderer.preparation({ ...own, language: 'en' }).points).toEqual(
      expect.arrayContaining(['Please bring someone with you to the visit.']),
    );
    // A built-in keeps the FAQ's advice: water, and no companion asked for.
    const iron = renderer.render('confirmation', 'email', {
      ...base,
      language: 'en',
      therapyCode: 'iron',
      fasting: false,
      mayDrive: true,
    });
    expect(iron.text).toContain('Drink plenty of water');
    expect(iron.text).not.toContain('bring someone with you');
  });

  it('gives the patient page the same points', () => {
    const prep = renderer.preparation({ language: 'en', therapyCode: 'therapeutic_phlebotomy', fasting: false, mayDrive: true });
    expect(prep.heading).toBe('Before your visit');
    expect(prep.points).toEqual(expect.arrayContaining([expect.stringContaining('needs recent blood tests')]));
  });
});
