/**
 * String interning for event names and field values: the trace stores small
 * integer ids in typed arrays and keeps each distinct string once.
 */
export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const s of initial) this.intern(s);
  }

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  lookup(s: string): number | undefined {
    return this.ids.get(s);
  }

  get size(): number {
    return this.strings.length;
  }
}
