/**
 * Built-in pack: the vhost-user front-end's side of the protocol
 * (QEMU docs/interop/vhost-user.rst), on QEMU's `vhost_user_write req:N
 * flags:0xF` (a request sent) and `vhost_user_read req:N flags:0x5` (a reply
 * read) trace events. QEMU prints neither the ring index nor the payload, so
 * feature bits are visible only through the requests that depend on them.
 */
export const vhostUserFrontendPack = `
pack vhost-user-frontend 1: vhost-user requests, replies and their order as QEMU sends them

values vhost_user_write.req, vhost_user_read.req: NONE=0, GET_FEATURES=1, SET_FEATURES=2, SET_OWNER=3
  RESET_OWNER=4, SET_MEM_TABLE=5, SET_LOG_BASE=6, SET_LOG_FD=7, SET_VRING_NUM=8, SET_VRING_ADDR=9
  SET_VRING_BASE=10, GET_VRING_BASE=11, SET_VRING_KICK=12, SET_VRING_CALL=13, SET_VRING_ERR=14
  GET_PROTOCOL_FEATURES=15, SET_PROTOCOL_FEATURES=16, GET_QUEUE_NUM=17, SET_VRING_ENABLE=18
  SEND_RARP=19, NET_SET_MTU=20, SET_BACKEND_REQ_FD=21, IOTLB_MSG=22, SET_VRING_ENDIAN=23
  GET_CONFIG=24, SET_CONFIG=25, CREATE_CRYPTO_SESSION=26, CLOSE_CRYPTO_SESSION=27
  POSTCOPY_ADVISE=28, POSTCOPY_LISTEN=29, POSTCOPY_END=30, GET_INFLIGHT_FD=31, SET_INFLIGHT_FD=32
  GPU_SET_SOCKET=33, RESET_DEVICE=34, VRING_KICK=35, GET_MAX_MEM_SLOTS=36, ADD_MEM_REG=37
  REM_MEM_REG=38, SET_STATUS=39, GET_STATUS=40, GET_SHARED_OBJECT=41, SET_DEVICE_STATE_FD=42
  CHECK_DEVICE_STATE=43, GET_SHMEM_CONFIG=44
values vhost_user_write.flags, vhost_user_read.flags bits: VERSION_1=0x1, REPLY=0x4, NEED_REPLY=0x8

rule vu-fe-reply-before-next-request
  title: Every request that takes a reply gets it before the front-end sends the next request
  cite: vhost-user protocol, Communication and REPLY_ACK (QEMU docs/interop/vhost-user.rst)
  quote: "Most of the requests don't require replies. Here is a list of the ones that do: VHOST_USER_GET_FEATURES, VHOST_USER_GET_PROTOCOL_FEATURES, VHOST_USER_GET_VRING_BASE, …" "If the front-end set the need_reply flag, the back-end MUST respond with a Payload VhostUserMsg indicating success or failure."
  reading: QEMU waits for the reply of a request that has one (GET_FEATURES, GET_PROTOCOL_FEATURES, GET_VRING_BASE, GET_QUEUE_NUM, GET_CONFIG, CREATE_CRYPTO_SESSION, POSTCOPY_ADVISE, GET_INFLIGHT_FD, GET_MAX_MEM_SLOTS, GET_STATUS, GET_SHARED_OBJECT, SET_DEVICE_STATE_FD, CHECK_DEVICE_STATE, and any request sent with NEED_REPLY) before it writes anything else on the socket, so a vhost_user_write that comes while such a reply is still due means the back-end did not reply. A reply read with no request before it is reported too. Other requests may or may not be answered (SET_LOG_BASE with LOG_SHMFD is). The trace shows no ring index or payload, and does not say whether the reply carries the same request code, so that is not compared; a trace that ends while a reply is due leaves a note.
  severity: MUST
  checks: vu-replies-required, vu-reply-ack, vu-suspended-reply, vu-15-before-set-features, vu-20-respond, vu-21-respond, vu-22-acknowledge
  initial sent
  state idle: vhost_user_write[flags&NEED_REPLY] | vhost_user_write[req=GET_FEATURES] | vhost_user_write[req=GET_PROTOCOL_FEATURES] | vhost_user_write[req=GET_VRING_BASE] | vhost_user_write[req=GET_QUEUE_NUM] | vhost_user_write[req=GET_CONFIG] | vhost_user_write[req=CREATE_CRYPTO_SESSION] | vhost_user_write[req=POSTCOPY_ADVISE] | vhost_user_write[req=GET_INFLIGHT_FD] | vhost_user_write[req=GET_MAX_MEM_SLOTS] | vhost_user_write[req=GET_STATUS] | vhost_user_write[req=GET_SHARED_OBJECT] | vhost_user_write[req=SET_DEVICE_STATE_FD] | vhost_user_write[req=CHECK_DEVICE_STATE] -> waiting, vhost_user_write -> sent
  state sent: vhost_user_write[flags&NEED_REPLY] | vhost_user_write[req=GET_FEATURES] | vhost_user_write[req=GET_PROTOCOL_FEATURES] | vhost_user_write[req=GET_VRING_BASE] | vhost_user_write[req=GET_QUEUE_NUM] | vhost_user_write[req=GET_CONFIG] | vhost_user_write[req=CREATE_CRYPTO_SESSION] | vhost_user_write[req=POSTCOPY_ADVISE] | vhost_user_write[req=GET_INFLIGHT_FD] | vhost_user_write[req=GET_MAX_MEM_SLOTS] | vhost_user_write[req=GET_STATUS] | vhost_user_write[req=GET_SHARED_OBJECT] | vhost_user_write[req=SET_DEVICE_STATE_FD] | vhost_user_write[req=CHECK_DEVICE_STATE] -> waiting, vhost_user_write, vhost_user_read -> idle
  state waiting: vhost_user_read -> idle, vhost_user_write[flags&NEED_REPLY] | vhost_user_write[req=GET_FEATURES] | vhost_user_write[req=GET_PROTOCOL_FEATURES] | vhost_user_write[req=GET_VRING_BASE] | vhost_user_write[req=GET_QUEUE_NUM] | vhost_user_write[req=GET_CONFIG] | vhost_user_write[req=CREATE_CRYPTO_SESSION] | vhost_user_write[req=POSTCOPY_ADVISE] | vhost_user_write[req=GET_INFLIGHT_FD] | vhost_user_write[req=GET_MAX_MEM_SLOTS] | vhost_user_write[req=GET_STATUS] | vhost_user_write[req=GET_SHARED_OBJECT] | vhost_user_write[req=SET_DEVICE_STATE_FD] | vhost_user_write[req=CHECK_DEVICE_STATE] -> !waiting, vhost_user_write -> !sent
  final idle, sent

rule vu-fe-get-protocol-features-after-get-features
  title: GET_PROTOCOL_FEATURES follows a GET_FEATURES
  cite: vhost-user protocol, VHOST_USER_GET_PROTOCOL_FEATURES (QEMU docs/interop/vhost-user.rst)
  quote: "Only legal if feature bit VHOST_USER_F_PROTOCOL_FEATURES is present in VHOST_USER_GET_FEATURES."
  reading: GET_PROTOCOL_FEATURES comes only after some GET_FEATURES was sent (QEMU asks both once per vhost device, GET_FEATURES first); the first one without is reported; with vu-fe-reply-before-next-request, the GET_FEATURES reply came in between. Whether bit 30 was in that reply is payload the trace does not show.
  severity: MUST
  checks: vu-15-only-if-pf
  initial before
  state before: vhost_user_write[req=GET_FEATURES] -> after, vhost_user_write[req=GET_PROTOCOL_FEATURES] -> !after
  state after: vhost_user_write[req=GET_FEATURES], vhost_user_write[req=GET_PROTOCOL_FEATURES]

rule vu-fe-set-protocol-features-after-get
  title: SET_PROTOCOL_FEATURES follows a GET_PROTOCOL_FEATURES
  cite: vhost-user protocol, VHOST_USER_SET_PROTOCOL_FEATURES (QEMU docs/interop/vhost-user.rst)
  quote: "Only legal if feature bit VHOST_USER_F_PROTOCOL_FEATURES is present in VHOST_USER_GET_FEATURES."
  reading: SET_PROTOCOL_FEATURES comes only after some GET_PROTOCOL_FEATURES, which itself needs a GET_FEATURES (vu-fe-get-protocol-features-after-get-features); the feature bits themselves are payload.
  severity: MUST
  checks: vu-16-only-if-pf
  initial before
  state before: vhost_user_write[req=GET_PROTOCOL_FEATURES] -> after, vhost_user_write[req=SET_PROTOCOL_FEATURES] -> !after
  state after: vhost_user_write[req=GET_PROTOCOL_FEATURES], vhost_user_write[req=SET_PROTOCOL_FEATURES]

rule vu-fe-protocol-feature-gates
  title: Requests that need negotiated protocol features come after SET_PROTOCOL_FEATURES
  cite: vhost-user protocol, front-end message types (QEMU docs/interop/vhost-user.rst)
  quote: "This request should be sent only when VHOST_USER_F_PROTOCOL_FEATURES has been negotiated." "Only legal if feature bit VHOST_USER_F_PROTOCOL_FEATURES is present in VHOST_USER_GET_FEATURES and protocol feature bit … is present in VHOST_USER_GET_PROTOCOL_FEATURES."
  reading: GET_QUEUE_NUM, SET_VRING_ENABLE, SEND_RARP, NET_SET_MTU, SET_BACKEND_REQ_FD, IOTLB_MSG, SET_VRING_ENDIAN, CREATE/CLOSE_CRYPTO_SESSION, RESET_DEVICE, SET_DEVICE_STATE_FD and CHECK_DEVICE_STATE are sent only once some SET_PROTOCOL_FEATURES was sent in the trace (QEMU sends it exactly when GET_FEATURES offered VHOST_USER_F_PROTOCOL_FEATURES). The first gated request without it is reported; the rest of the session counts as negotiated. Which protocol feature bits were set is payload, and several vhost-user devices in one trace share the gate (no socket is named), so a device that never negotiated is missed when another did.
  severity: MUST
  checks: vu-17-only-if-mq, vu-18-only-if-pf, vu-19-only-if-rarp, vu-20-only-if-mtu, vu-21-only-if-backend-req, vu-22-only-if-iommu, vu-23-only-if-cross-endian, vu-26-only-if-crypto, vu-27-only-if-crypto, vu-34-only-if-reset-device, vu-42-only-if-device-state, vu-43-only-if-device-state
  initial not_negotiated
  state not_negotiated: vhost_user_write[req=SET_PROTOCOL_FEATURES] -> negotiated, vhost_user_write[req=GET_QUEUE_NUM] | vhost_user_write[req=SET_VRING_ENABLE] | vhost_user_write[req=SEND_RARP] | vhost_user_write[req=NET_SET_MTU] | vhost_user_write[req=SET_BACKEND_REQ_FD] | vhost_user_write[req=IOTLB_MSG] | vhost_user_write[req=SET_VRING_ENDIAN] | vhost_user_write[req=CREATE_CRYPTO_SESSION] | vhost_user_write[req=CLOSE_CRYPTO_SESSION] | vhost_user_write[req=RESET_DEVICE] | vhost_user_write[req=SET_DEVICE_STATE_FD] | vhost_user_write[req=CHECK_DEVICE_STATE] -> !negotiated
  state negotiated: vhost_user_write[req=SET_PROTOCOL_FEATURES], vhost_user_write[req=GET_QUEUE_NUM] | vhost_user_write[req=SET_VRING_ENABLE] | vhost_user_write[req=SEND_RARP] | vhost_user_write[req=NET_SET_MTU] | vhost_user_write[req=SET_BACKEND_REQ_FD] | vhost_user_write[req=IOTLB_MSG] | vhost_user_write[req=SET_VRING_ENDIAN] | vhost_user_write[req=CREATE_CRYPTO_SESSION] | vhost_user_write[req=CLOSE_CRYPTO_SESSION] | vhost_user_write[req=RESET_DEVICE] | vhost_user_write[req=SET_DEVICE_STATE_FD] | vhost_user_write[req=CHECK_DEVICE_STATE]

rule vu-fe-postcopy-listen-after-advise
  title: POSTCOPY_LISTEN follows a POSTCOPY_ADVISE
  cite: vhost-user protocol, VHOST_USER_POSTCOPY_LISTEN (QEMU docs/interop/vhost-user.rst)
  quote: "This is always sent sometime after a VHOST_USER_POSTCOPY_ADVISE, and thus only when VHOST_USER_PROTOCOL_F_PAGEFAULT is supported."
  reading: POSTCOPY_LISTEN comes only after some POSTCOPY_ADVISE was sent; the first one without is reported. Several devices or migrations in one trace share the order (no socket is named).
  severity: MUST
  checks: vu-29-after-advise
  initial before
  state before: vhost_user_write[req=POSTCOPY_ADVISE] -> after, vhost_user_write[req=POSTCOPY_LISTEN] -> !after
  state after: vhost_user_write[req=POSTCOPY_ADVISE], vhost_user_write[req=POSTCOPY_LISTEN]

rule vu-fe-postcopy-end-after-listen
  title: POSTCOPY_END follows a POSTCOPY_LISTEN
  cite: vhost-user protocol, VHOST_USER_POSTCOPY_END (QEMU docs/interop/vhost-user.rst)
  quote: "This message is sent when the front-end has received all the pages from the source, and can only be sent after VHOST_USER_POSTCOPY_LISTEN was previously sent."
  reading: POSTCOPY_END comes only after some POSTCOPY_LISTEN was sent; the first one without is reported.
  severity: MUST
  checks: vu-30-after-listen
  initial before
  state before: vhost_user_write[req=POSTCOPY_LISTEN] -> after, vhost_user_write[req=POSTCOPY_END] -> !after
  state after: vhost_user_write[req=POSTCOPY_LISTEN], vhost_user_write[req=POSTCOPY_END]

rule vu-fe-check-device-state-after-transfer
  title: CHECK_DEVICE_STATE follows a SET_DEVICE_STATE_FD
  cite: vhost-user protocol, VHOST_USER_CHECK_DEVICE_STATE (QEMU docs/interop/vhost-user.rst)
  quote: "After the transfer FD has been closed, the front-end sends the VHOST_USER_CHECK_DEVICE_STATE message"
  reading: CHECK_DEVICE_STATE comes only after some SET_DEVICE_STATE_FD was sent; the first one without is reported. The closing of the transfer FD is not traced.
  severity: MUST
  checks: vu-43-after-42
  initial before
  state before: vhost_user_write[req=SET_DEVICE_STATE_FD] -> after, vhost_user_write[req=CHECK_DEVICE_STATE] -> !after
  state after: vhost_user_write[req=SET_DEVICE_STATE_FD], vhost_user_write[req=CHECK_DEVICE_STATE]
`;
