import { type MessageContext, instructionLines, instructionsForText, Renderer, SMS_INSTRUCTIONS_MAX } from './renderer.js';

describe("the nurse's discharge instructions in the patient's discharge message", () => {
  const renderer = new Renderer();
  const context: MessageContext = {
    language: 'en',
    givenName: 'Rosa',
    therapyCode: 'iron',
    centerName: 'Lakeview Infusion',
    centerAddress: '1 Main St',
    timeZone: 'America/Chicago',
    start: new Date('2026-12-10T15:00:00Z'),
    end: new Date('2026-12-10T17:00:00Z'),
    fasting: false,
    mayDrive: false,
    reference: 'K7Q',
  };
  const typed =
    '- Keep the arm up tonight.\n\n* Take <b>paracetamol</b> if it aches: up to 3 a day\nNext labs: https://labs.example/x';

  it('takes one point per line she typed, without her own bullets, empty lines dropped', () => {
    expect(instructionLines(typed)).toEqual([
      'Keep the arm up tonight.',
      'Take <b>paracetamol</b> if it aches: up to 3 a day',
      'Next labs: https://labs.example/x',
    ]);
    expect(instructionLines(undefined)).toEqual([]);
  });

  it('email: under their own heading, before the standard advice, as list items (never a heading or a button), escaped in HTML', () => {
    const rendered = renderer.render('discharge', 'email', { ...context, instructions: typed });
    expect(rendered.text).toMatch(
      /From your nurse:\n- Keep the arm up tonight\.\n- Take <b>paracetamol<\/b> if it aches: up to 3 a day\n- Next labs: https:\/\/labs\.example\/x\n\nAt home:/,
    );
    expect(rendered.text).toContain('Do not drive today');
    const html = rendered.html!;
    expect(html).toMatch(/<h2 [^>]*>From your nurse<\/h2>\n<ul [^>]*><li>Keep the arm up tonight\.<\/li>/);
    expect(html).toContain('<li>Take &lt;b&gt;paracetamol&lt;/b&gt; if it aches: up to 3 a day</li>');
    expect(html).toContain('<li>Next labs: https://labs.example/x</li>');
    expect(html).not.toContain('class="action"');
  });

  it('Spanish frame around the words as typed', () => {
    const rendered = renderer.render('discharge', 'email', { ...context, language: 'es', instructions: 'Beba agua.' });
    expect(rendered.text).toMatch(/De su enfermera:\n- Beba agua\.\n\nEn casa:/);
    expect(renderer.render('discharge', 'sms', { ...context, language: 'es', instructions: 'Beba agua.' }).text).toContain(
      'gracias por venir hoy. Su enfermera: Beba agua. En casa:',
    );
  });

  it('without instructions the message is the standard advice alone', () => {
    const rendered = renderer.render('discharge', 'email', context);
    expect(rendered.text).not.toContain('From your nurse');
    expect(rendered.html).not.toContain('From your nurse');
    expect(renderer.render('discharge', 'sms', context).text).not.toContain('Your nurse:');
  });

  it('text: on one line, cut at a word past the limit', () => {
    expect(renderer.render('discharge', 'sms', { ...context, instructions: typed }).text).toContain(
      'thank you for coming today. Your nurse: Keep the arm up tonight. Take <b>paracetamol</b> if it aches: up to 3 a day Next labs: https://labs.example/x At home:',
    );
    const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const cut = instructionsForText(long);
    expect(cut.length).toBeLessThanOrEqual(SMS_INSTRUCTIONS_MAX);
    expect(cut).toMatch(/ word\d+…$/);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
  });
});
