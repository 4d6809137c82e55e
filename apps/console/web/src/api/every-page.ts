/**
 * Every item of a capped list (the services' `limit`/`offset` lists: a full page means there may be
 * more, asked from offset + limit), page after page until one comes back short. Stable order is the
 * service's (each sorts by a unique key). A list longer than the service lets a client reach by
 * offset is refused by it (400), which the caller shows as an error rather than a list cut short.
 */
export async function everyPage<T>(page: (offset: number, limit: number) => Promise<T[]>, limit: number): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const items = await page(all.length, limit);
    all.push(...items);
    if (items.length < limit) return all;
  }
}
