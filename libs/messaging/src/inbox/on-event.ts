import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AnyEventDefinition, EventOf } from '@chairside/contracts';
import type { EventContext } from './event-context.js';

export type EventHandlerMethod<D extends AnyEventDefinition> = (event: EventOf<D>, context: EventContext) => unknown;

/**
 * @EventPattern with the payload typed from the event's definition: a handler whose parameter
 * does not match the event's schema does not compile. The transport validated the event
 * before the handler runs, and `context.manager` is the inbox transaction.
 */
export function OnEvent<D extends AnyEventDefinition>(definition: D) {
  return <M extends EventHandlerMethod<D>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    EventPattern(definition.type)(
      target,
      key,
      descriptor as unknown as TypedPropertyDescriptor<(data: unknown, ...args: unknown[]) => unknown>,
    );
    // Nest hands a handler only the arguments it has decorated.
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
}
