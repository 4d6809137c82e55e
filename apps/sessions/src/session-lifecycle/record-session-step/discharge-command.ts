import type { Session } from '../../sessions/session.entity.js';
import type { SessionCommand } from '../session-machine.js';

/**
 * A discharge as the nurse asked for it. "May drive" is proposed from the therapy and the
 * reactions (never after grade 2 or more) and the nurse may decide otherwise; it is decided
 * against the locked session, so the recommendation reads the state the step applies to.
 */
export function dischargeCommand(choice: { mayDrive?: boolean; instructions?: string }): (session: Session) => SessionCommand {
  return (session) => {
    const recommended = session.therapy.mayDriveAfter && session.state.highestReactionGrade < 2;
    const mayDrive = choice.mayDrive ?? recommended;
    return {
      kind: 'discharge',
      mayDrive,
      escortRequired: !mayDrive,
      ...(choice.instructions !== undefined ? { instructions: choice.instructions } : {}),
    };
  };
}
