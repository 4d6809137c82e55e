import fc from 'fast-check';
import type { EntityManager } from 'typeorm';
import { type StagedWrite, StagedWrites } from './staged-writes.js';

interface Row {
  id: string;
  value: number;
}

/** A write whose merge keeps the larger value, recording what each statement would write. */
function recordingWrite(statements: Row[][]): StagedWrite<Row> {
  return {
    key: (r) => r.id,
    merge: (a, b) => (b.value > a.value ? b : a),
    write: async (_m, rows) => void statements.push(rows),
  };
}

const manager = {} as EntityManager;

describe('StagedWrites', () => {
  it('writes one statement per write with one merged row per key, in first-staged order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.integer() }), { minLength: 1, maxLength: 50 }),
        async (rows) => {
          const statements: Row[][] = [];
          const staged = new StagedWrites();
          const write = recordingWrite(statements);
          for (const row of rows) staged.add(write, row);
          await staged.flush(manager);
          expect(statements).toHaveLength(1);
          const firstSeen = [...new Set(rows.map((r) => r.id))];
          expect(statements[0]!.map((r) => r.id)).toEqual(firstSeen);
          for (const written of statements[0]!)
            expect(written.value).toBe(Math.max(...rows.filter((r) => r.id === written.id).map((r) => r.value)));
        },
      ),
    );
  });

  it('flushes nothing twice and keeps writes apart', async () => {
    const first: Row[][] = [];
    const second: Row[][] = [];
    const staged = new StagedWrites();
    staged.add(recordingWrite(first), { id: 'a', value: 1 });
    const other = recordingWrite(second);
    staged.add(other, { id: 'a', value: 2 });
    await staged.flush(manager);
    await staged.flush(manager);
    expect(first).toEqual([[{ id: 'a', value: 1 }]]);
    expect(second).toEqual([[{ id: 'a', value: 2 }]]);
  });

  it('lands writes by their order, whatever order they were first staged in (a lock first, a rollup last)', async () => {
    const landed: string[] = [];
    const named = (name: string, order?: number): StagedWrite<Row> => ({
      key: (r) => r.id,
      merge: (_earlier, later) => later,
      write: async () => {
        landed.push(name);
      },
      ...(order === undefined ? {} : { order }),
    });
    const staged = new StagedWrites();
    staged.add(named('rollup', 1), { id: 'a', value: 1 });
    staged.add(named('fact'), { id: 'a', value: 1 });
    staged.add(named('lock', -1), { id: 'a', value: 1 });
    staged.add(named('other fact'), { id: 'a', value: 1 });
    await staged.flush(manager);
    expect(landed).toEqual(['lock', 'fact', 'other fact', 'rollup']);
  });
});
