import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line needs to tie it to a request or an event, without carrying patient data. */
export interface RequestContext {
  correlationId: string;
  causationId?: string;
  userId?: string;
  eventId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
