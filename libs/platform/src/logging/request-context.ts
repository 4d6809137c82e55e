import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line needs to tie it to a request or an event, without carrying patient data. */
export interface RequestContext {
  correlationId: string;
  causationId?: string;
  userId?: string;
  eventId?: string;
  /** Who caused what is being handled (token subject), carried into every event it causes. */
  actor?: string;
  /** The OAuth client the actor used (token `azp`), when known. */
  actorClient?: string;
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
