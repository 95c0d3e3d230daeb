import type { TRole } from '@mpw/contracts';

/** Who is acting. Every service function takes one; audit events are stamped from it. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous';
  userId: string | null;
  username: string | null;
  roles: TRole[];
  /** The region the actor is bound to: its data scope. */
  regionCode: string | null;
  requestId: string | null;
}

export function systemActor(requestId: string | null = null): Actor {
  return { kind: 'system', userId: null, username: 'system', roles: [], regionCode: null, requestId };
}

export function anonymousActor(requestId: string | null = null): Actor {
  return { kind: 'anonymous', userId: null, username: null, roles: [], regionCode: null, requestId };
}
