/**
 * Built-in pack: vhost-user ring states (QEMU docs/interop/vhost-user.rst).
 * Reads the talk's plain back-end log ("handled event", "set_vring_enable")
 * and tracing-formal's event="…" instrumentation alike.
 */
export const vhostUserPack = `
pack vhost-user 1: vhost-user back-end ring states

rule vu-enable-before-processing
  title: A ring is processed only after it was enabled
  cite: vhost-user protocol, Ring states (QEMU docs/interop/vhost-user.rst)
  quote: "If VHOST_USER_F_PROTOCOL_FEATURES has been negotiated, the ring is initialized in a disabled state and is enabled by VHOST_USER_SET_VRING_ENABLE with parameter 1."
  reading: With protocol features negotiated, the back-end handles ring events only after the front-end sent SET_VRING_ENABLE with 1 for that ring. The current text lets a started but disabled ring be processed without side effects (TX discarded, no RX supplied); a back-end that logs such processing must log it as an event of its own, since this rule reads "handled event" (rust-vmm vhost-user-backend's handle_event, which uses the ring's buffers and notifies) as processing with side effects.
  severity: MUST
  checks: vu-ring-old-disabled-init, vu-ring-initial-state, vu-ring-started-disabled, vu-ring-enable-tracked
  per vring
  initial disabled
  state disabled: set_vring_enable[enable=0], set_vring_enable -> enabled, get_vring_base
  state enabled: handle_event, set_vring_enable[enable=0] -> disabled, set_vring_enable, get_vring_base

rule vu-no-processing-when-stopped
  title: A stopped ring is not processed until it is started again
  cite: vhost-user protocol, Ring states (QEMU docs/interop/vhost-user.rst)
  quote: "While a ring is stopped, the back-end must not process the ring at all, regardless of whether it is enabled or disabled."
  reading: After GET_VRING_BASE stops a ring, the back-end handles no event of it until a kick (SET_VRING_KICK or VRING_KICK) starts it again; a log that starts mid-session counts its rings as started.
  severity: MUST
  checks: vu-ring-stopped-no-processing, vu-ring-start-stop
  per vring
  initial started
  state started: handle_event, set_vring_kick, vring_kick, get_vring_base -> stopped
  state stopped: set_vring_kick -> started, vring_kick -> started, get_vring_base
`;
