/** Built-in pack: the Alternates relation of the tracing-formal subscriber's example. */
export const tracingFormalPack = `
pack tracing-formal 1: relations of the tracing-formal Rust subscriber

rule tf-hola-chau-alternate
  title: do_hola and do_chau alternate
  cite: tracing-formal, Alternates::new("do_hola", "do_chau")
  quote: "a[k] < b[k] < a[k+1]"
  reading: Each do_hola is followed by exactly one do_chau before the next do_hola (CCSL strict alternation).
  severity: MUST
  do_hola alternates do_chau
`;
