/**
 * Built-in pack: the console device's multiport control protocol (VirtIO 1.3
 * §5.3.6.2) on QEMU's virtio_serial_send_control_event (device → driver) and
 * virtio_serial_handle_control_message[_port] (driver → device) events. These
 * events carry no device pointer: the rules assume one virtio-serial device per
 * trace.
 */
export const virtioConsolePack = `
pack virtio-console 1: console multiport control messages

values virtio_serial_send_control_event.event, virtio_serial_handle_control_message.event: DEVICE_READY=0, DEVICE_ADD=1
  DEVICE_REMOVE=2, PORT_READY=3, CONSOLE_PORT=4, RESIZE=5, PORT_OPEN=6, PORT_NAME=7

rule console-port-add-remove
  title: The device adds a port only once and removes only ports it added
  cite: VirtIO 1.3 §5.3.6.2.1
  quote: "The device MUST NOT specify a port which exists in a VIRTIO_CONSOLE_DEVICE_ADD message, nor a port which is equal or greater than max_nr_ports." "The device MUST NOT specify a port in VIRTIO_CONSOLE_DEVICE_REMOVE which has not been created with a previous VIRTIO_CONSOLE_DEVICE_ADD."
  reading: Per port, DEVICE_ADD and DEVICE_REMOVE alternate, starting with DEVICE_ADD. The driver's DEVICE_READY starts every port afresh: QEMU sends DEVICE_ADD for its ports at realize, before the guest is ready (those messages are dropped while the control queue is not set up), and again for every port after DEVICE_READY, which is lawful. max_nr_ports is not traced.
  severity: MUST
  checks: 5.3.6.2.1-add-new-port, 5.3.6.2.1-remove-added-port
  per port
  reset on virtio_serial_handle_control_message[event=DEVICE_READY]
  initial absent
  state absent: virtio_serial_send_control_event[event=DEVICE_ADD] -> present, virtio_serial_send_control_event[event=DEVICE_REMOVE] -> !absent
  state present: virtio_serial_send_control_event[event=DEVICE_REMOVE] -> absent, virtio_serial_send_control_event[event=DEVICE_ADD] -> !present

rule console-port-open-after-console-port
  title: The driver answers CONSOLE_PORT with PORT_OPEN value 1
  cite: VirtIO 1.3 §5.3.6.2.2
  quote: "Upon receipt of a VIRTIO_CONSOLE_CONSOLE_PORT message, the driver SHOULD treat the port in a manner suitable for text console access and MUST respond with a VIRTIO_CONSOLE_PORT_OPEN message, which MUST have value set to 1."
  reading: After the device sends CONSOLE_PORT, the driver's next PORT_OPEN message has value 1. QEMU prints the port of a driver message on the line after it (virtio_serial_handle_control_message_port), so the answer cannot be tied to the port of the CONSOLE_PORT: another port's PORT_OPEN 0 (a program closing it) in between would read as a wrong answer, which is why this is a warning. A CONSOLE_PORT never answered before the trace ends leaves a note.
  severity: SHOULD
  checks: 5.3.6.2.2-port-open-reply
  initial idle
  final idle
  state idle: virtio_serial_send_control_event[event=CONSOLE_PORT] -> asked, virtio_serial_handle_control_message[event=PORT_OPEN]
  state asked: virtio_serial_send_control_event[event=CONSOLE_PORT], virtio_serial_handle_control_message[event=PORT_OPEN, value=1] -> idle, virtio_serial_handle_control_message[event=PORT_OPEN] -> !idle
`;
