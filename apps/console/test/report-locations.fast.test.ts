import { everyPage } from '../web/src/api/every-page.js';
import { type DirectoryLocation, reportChoices } from '../web/src/screens/reports/report-period.js';

const center = (n: number, timeZone: string | null = 'Europe/Madrid'): DirectoryLocation => ({
  locationId: `loc-${n}`,
  name: `Center ${n}`,
  timeZone,
});

describe("the Reports screen's list of centers", () => {
  it('asks page after page until one comes back short, from offset + limit', async () => {
    const directory = Array.from({ length: 7 }, (_, i) => center(i));
    const asked: Array<[number, number]> = [];
    const listed = await everyPage((offset, limit) => {
      asked.push([offset, limit]);
      return Promise.resolve(directory.slice(offset, offset + limit));
    }, 3);
    expect(listed).toEqual(directory);
    expect(asked).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
    ]);
  });

  it('asks once more after a full last page, and stops at the empty one', async () => {
    const directory = Array.from({ length: 6 }, (_, i) => center(i));
    const asked: number[] = [];
    const listed = await everyPage((offset, limit) => {
      asked.push(offset);
      return Promise.resolve(directory.slice(offset, offset + limit));
    }, 3);
    expect(listed).toEqual(directory);
    expect(asked).toEqual([0, 3, 6]);
  });

  it('fails with the page that fails, not with a list cut short', async () => {
    await expect(
      everyPage((offset) => (offset === 0 ? Promise.resolve([center(0), center(1)]) : Promise.reject(new Error('400'))), 2),
    ).rejects.toThrow('400');
  });

  it('offers a center reporting knows without a time zone apart, never read in another zone', () => {
    const withZone = center(1, 'Asia/Kolkata');
    const without = center(2, null);
    expect(reportChoices([withZone, without])).toEqual({ reportable: [withZone], withoutZone: [without] });
  });
});
