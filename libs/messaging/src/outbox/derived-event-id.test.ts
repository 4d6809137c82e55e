import { z } from 'zod';
import { derivedEventId } from './outbox-writer.js';

describe('derived event ids', () => {
  const source = '8c0f4a1e-2b3d-4c5e-9f60-718293a4b5c6';

  it('are the same for the same source and type (a replay derives the same event), and valid UUIDs', () => {
    const id = derivedEventId(source, 'chairside.analytics.visit.planned.v1');
    expect(derivedEventId(source, 'chairside.analytics.visit.planned.v1')).toBe(id);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('differ by source and by type', () => {
    const id = derivedEventId(source, 'chairside.analytics.visit.planned.v1');
    expect(derivedEventId(source, 'chairside.analytics.visit.cancelled.v1')).not.toBe(id);
    expect(derivedEventId('8c0f4a1e-2b3d-4c5e-9f60-718293a4b5c7', 'chairside.analytics.visit.planned.v1')).not.toBe(id);
  });
});
