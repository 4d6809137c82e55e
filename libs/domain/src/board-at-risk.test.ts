import { type AtRiskAppointment, type AtRiskResources, atRiskReasons, boardAtRisk } from './board-at-risk.js';

const at = (hhmm: string) => `2030-01-07T${hhmm}:00.000Z`;

function appointment(id: string, start: string, end: string, more: Partial<AtRiskAppointment> = {}): AtRiskAppointment {
  return {
    appointmentId: id,
    chairId: 'chair-1',
    nurseId: 'nurse-1',
    status: 'booked',
    startsAt: at(start),
    endsAt: at(end),
    ...more,
  };
}

const shift = [{ from: at('07:00'), to: at('17:00') }];
const resources = (more: Partial<AtRiskResources> = {}): AtRiskResources => ({
  outages: [],
  nurses: [
    { nurseId: 'nurse-1', capacity: 2, shifts: shift },
    { nurseId: 'nurse-2', capacity: 4, shifts: shift },
  ],
  closesAt: at('18:00'),
  ...more,
});

describe('why an appointment on the day board is at risk', () => {
  it('finds nothing on a day that holds', () => {
    const day = [appointment('a', '09:00', '11:00'), appointment('b', '11:00', '13:00')];
    expect(boardAtRisk(day, resources())).toEqual(new Map());
    expect(atRiskReasons('a', day, resources())).toEqual([]);
  });

  it('flags the appointments its chair is out of service during, and only those', () => {
    const day = [
      appointment('during', '10:00', '12:00'),
      appointment('after', '12:00', '13:00'),
      appointment('other-chair', '10:00', '12:00', { chairId: 'chair-2', nurseId: 'nurse-2' }),
    ];
    const out = resources({ outages: [{ chairId: 'chair-1', from: at('11:00'), to: at('12:00') }] });
    expect(boardAtRisk(day, out)).toEqual(new Map([['during', ['chair-out-of-service']]]));
  });

  it('flags every appointment while its nurse has more patients at once than her capacity, not before or after', () => {
    const day = [
      appointment('first', '08:00', '10:00', { chairId: 'chair-1' }),
      appointment('second', '09:00', '12:00', { chairId: 'chair-2' }),
      appointment('third', '09:30', '11:00', { chairId: 'chair-3' }),
      appointment('later', '12:00', '13:00', { chairId: 'chair-1' }),
    ];
    const risks = boardAtRisk(day, resources());
    expect(risks.get('first')).toEqual(['nurse-over-capacity']);
    expect(risks.get('second')).toEqual(['nurse-over-capacity']);
    expect(risks.get('third')).toEqual(['nurse-over-capacity']);
    expect(risks.has('later')).toBe(false);
  });

  it('counts back-to-back appointments of a nurse as one at a time', () => {
    const day = [
      appointment('a', '08:00', '10:00', { chairId: 'chair-1' }),
      appointment('b', '09:00', '10:00', { chairId: 'chair-2' }),
      appointment('c', '10:00', '11:00', { chairId: 'chair-3' }),
    ];
    expect(boardAtRisk(day, resources())).toEqual(new Map());
  });

  it('flags an appointment whose nurse has no shift at its start (a sick call)', () => {
    const day = [appointment('a', '09:00', '10:00', { nurseId: 'nurse-away' }), appointment('b', '17:30', '17:45')];
    expect(boardAtRisk(day, resources())).toEqual(
      new Map([
        ['a', ['nurse-off-shift']],
        ['b', ['nurse-off-shift']],
      ]),
    );
  });

  it("flags a session projected to run into its chair's next appointment", () => {
    const day = [
      appointment('late', '08:00', '10:30', { status: 'infusing' }),
      appointment('next', '10:00', '11:00'),
      appointment('far', '14:00', '15:00'),
    ];
    expect(boardAtRisk(day, resources())).toEqual(new Map([['late', ['runs-into-next']]]));
  });

  it('flags a session projected to run past closing, and none on a day with no closing known', () => {
    const day = [appointment('a', '16:00', '18:15', { nurseId: 'nurse-2' })];
    expect(boardAtRisk(day, resources())).toEqual(new Map([['a', ['past-closing']]]));
    expect(boardAtRisk(day, resources({ closesAt: null }))).toEqual(new Map());
  });

  it('leaves out ended appointments, as subjects and as others', () => {
    const day = [
      appointment('done', '08:00', '10:30', { status: 'discharged' }),
      appointment('gone', '09:00', '10:30', { status: 'cancelled', chairId: 'chair-2' }),
      appointment('absent', '09:00', '10:30', { status: 'no_show', chairId: 'chair-3' }),
      appointment('now', '09:30', '11:00', { chairId: 'chair-1' }),
    ];
    expect(boardAtRisk(day, resources({ outages: [{ chairId: 'chair-3', from: at('09:00'), to: at('12:00') }] }))).toEqual(
      new Map(),
    );
  });

  it('names every reason that applies, in a fixed order', () => {
    const day = [
      appointment('a', '15:00', '18:30'),
      appointment('b', '16:00', '17:00', { chairId: 'chair-1' }),
      appointment('c', '16:00', '17:00', { chairId: 'chair-2' }),
    ];
    const out = resources({ outages: [{ chairId: 'chair-1', from: at('17:30'), to: at('19:00') }] });
    expect(atRiskReasons('a', day, out)).toEqual([
      'chair-out-of-service',
      'nurse-over-capacity',
      'runs-into-next',
      'past-closing',
    ]);
  });
});
