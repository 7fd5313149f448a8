/**
 * Table → columns of the live database, shared by every editor on the page. Plain data: the page
 * keeps it current without loading the editors' code.
 */
export class SchemaStore {
  #tables: Record<string, string[]> = {};
  #version = 0;

  get tables(): Record<string, string[]> {
    return this.#tables;
  }

  /** Changes whenever the tables do, so completion can rebuild what it derived from them. */
  get version(): number {
    return this.#version;
  }

  set(tables: Record<string, string[]>): void {
    this.#tables = tables;
    this.#version += 1;
  }
}
