import { dayBookCsv, dayBookHtml } from './day-book-print.js';
import type { DayBook } from './day-book.query.js';

const book = (givenName: string, familyName: string): DayBook => ({
  locationId: 'l',
  locationName: 'North <Center>',
  timeZone: 'Europe/Madrid',
  date: '2030-01-07',
  entries: [
    {
      appointmentId: 'a',
      localStart: '09:00',
      localEnd: '10:30',
      startsAt: '',
      endsAt: '',
      patient: { id: 'p', givenName, familyName, mrn: 'M1', dateOfBirth: '1960-01-01' },
      therapyCode: 'iron',
      chairLabel: 'Chair 1',
      nurseName: 'Nurse 1',
      status: 'booked',
      flags: ['confirmed', 'at-risk'],
      version: 1,
    },
  ],
  limit: 1000,
  offset: 0,
  nextOffset: null,
});

describe('printing the day book', () => {
  it('writes CSV with quoting and without formulas', () => {
    expect(dayBookCsv(book('Ana', 'Ruiz, "La"'))).toBe(
      'Start,End,Patient,MRN,Date of birth,Therapy,Chair,Nurse,Status,Flags\r\n' +
        '09:00,10:30,"Ruiz, ""La"", Ana",M1,1960-01-01,iron,Chair 1,Nurse 1,booked,confirmed at-risk\r\n',
    );
    expect(dayBookCsv(book('x', '=HYPERLINK("evil")'))).toContain(`"'=HYPERLINK(""evil""), x"`);
  });

  it('escapes every value in the printable page', () => {
    const html = dayBookHtml(book('<script>alert(1)</script>', 'Ruiz'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ruiz, &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('North &lt;Center&gt;: 2030-01-07');
  });
});
