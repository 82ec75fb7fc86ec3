import type { NamedUserActor } from '../../board/permissions';
import type { ConnectionUser } from '../collab/options';

/** `actor` as the collaboration server's write path sees a connection's user: changes the server makes on their behalf are theirs. */
export function connectionUserOf(actor: NamedUserActor): ConnectionUser {
	return { userId: actor.id, name: actor.name, role: actor.role, body: actor.body };
}
