import { type NurseBooking, outOfFit } from './nurse-fit.js';

const MIN = 60_000;
const booking = (id: string, startMin: number, minutes = 120, over: Partial<NurseBooking> = {}): NurseBooking => ({
  id,
  start: startMin * MIN,
  end: (startMin + minutes) * MIN,
  movable: true,
  certification: 'infusion',
  ...over,
});
const nurse = { capacity: 4, startWindowMinutes: 15, certifications: ['infusion' as const] };

describe('outOfFit: a nurse’s appointments her new values no longer allow', () => {
  it('keeps everything when nothing tightens', () => {
    expect(outOfFit([booking('a', 0), booking('b', 15), booking('c', 30)], nurse)).toEqual([]);
  });

  it('a lower capacity gives way from the latest start on', () => {
    const day = [booking('a', 0), booking('b', 15), booking('c', 30), booking('d', 200)];
    expect(outOfFit(day, { ...nurse, capacity: 2 })).toEqual(['c']);
  });

  it('a longer start window lets the later of two close starts give way', () => {
    expect(outOfFit([booking('a', 0), booking('b', 20), booking('c', 60)], { ...nurse, startWindowMinutes: 30 })).toEqual(['b']);
  });

  it('a certification removed lists the appointments whose therapy needs it', () => {
    const day = [booking('a', 0, 120, { certification: 'chemotherapy_biotherapy' }), booking('b', 60)];
    expect(outOfFit(day, nurse)).toEqual(['a']);
  });

  it('an appointment under way stays and still counts', () => {
    const day = [booking('running', 0, 120, { movable: false, certification: 'chemotherapy_biotherapy' }), booking('b', 30)];
    expect(outOfFit(day, { ...nurse, capacity: 1 })).toEqual(['b']);
  });
});
