/** The shape of one normative statement in the coverage table (see statements.ts). */

/**
 * Where a statement can be decided: `qemu` = QEMU trace events decide it;
 * `qemu-partial` = QEMU events show part of it (the rest is stated in the rule's
 * reading or the statement's reason); `guest-kernel` = Linux ftrace/kprobes;
 * `back-end-log` = a vhost-user back-end's own log; `socket` = the vhost-user
 * socket payload (strace or a capture). An empty list: no trace shows it.
 */
export type TraceSource = 'qemu' | 'qemu-partial' | 'guest-kernel' | 'back-end-log' | 'socket';

export const TRACE_SOURCES: readonly TraceSource[] = ['qemu', 'qemu-partial', 'guest-kernel', 'back-end-log', 'socket'];

export type Binds = 'driver' | 'device' | 'driver/device' | 'front-end' | 'back-end';

export interface Statement {
  /** Short name, unique over both specs; rules cite it in `checks:`. */
  id: string;
  /** Spec section number (VirtIO) or section/message name (vhost-user). */
  section: string;
  binds: Binds;
  observable: readonly TraceSource[];
  /** The sentence as the spec words it (markup removed). */
  text: string;
  /** Why no rule checks it; required exactly when no rule does. */
  reason?: string;
}
