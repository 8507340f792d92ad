/**
 * A parser of the small part of JavaScript json-schema-to-zod writes (names, member access, calls,
 * string and number literals, objects and arrays), for zod-layout.ts. Anything else throws
 * Unsure, and the statement is left to prettier.
 */

export type Node =
  | { t: 'id'; name: string }
  | { t: 'str'; value: string }
  | { t: 'num'; text: string }
  | { t: 'member'; obj: Node; name: string }
  | { t: 'index'; obj: Node; key: string }
  | { t: 'call'; callee: Node; args: Node[] }
  | { t: 'obj'; props: Array<{ key: string; value: Node }> }
  | { t: 'arr'; elems: Node[] };

/** Thrown where the code or its layout is outside what these rules know. */
export class Unsure extends Error {}
export const unsure = (): never => {
  throw new Unsure();
};

const TOKEN = /\s*(?:([A-Za-z_$][\w$]*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([.,(){}[\]:]))/y;

type Token = { kind: 'id' | 'str' | 'num' | 'punct'; text: string };

/** A recursive-descent parser of that small part of JavaScript; it throws Unsure on anything else. */
class Parser {
  private at = 0;
  private token: Token | undefined;

  constructor(private readonly text: string) {
    this.next();
  }

  /** The whole text as one expression. */
  parse(): Node {
    const node = this.expression();
    return this.token === undefined ? node : unsure();
  }

  private next(): void {
    TOKEN.lastIndex = this.at;
    const m = TOKEN.exec(this.text);
    if (m === null) {
      this.token = this.at < this.text.length && this.text.slice(this.at).trim() !== '' ? unsure() : undefined;
      return;
    }
    this.at = TOKEN.lastIndex;
    this.token = { kind: m[1] ? 'id' : m[2] ? 'str' : m[3] ? 'num' : 'punct', text: m[0].trim() };
  }

  private take(punct: string): boolean {
    if (this.token?.kind !== 'punct' || this.token.text !== punct) return false;
    this.next();
    return true;
  }

  private expect(punct: string): void {
    if (!this.take(punct)) unsure();
  }

  /** Items up to `close`, separated by commas, a trailing one allowed. */
  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.take(close)) {
      items.push(item());
      if (!this.take(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  /** The current token's text when it is of `kind`, which is then consumed. */
  private consume(kind: Token['kind']): string {
    const text = this.token?.kind === kind ? this.token.text : unsure();
    this.next();
    return text;
  }

  private primary(): Node {
    const t = this.token ?? unsure();
    if (t.kind === 'id') return (this.next(), { t: 'id', name: t.text });
    if (t.kind === 'str') return (this.next(), { t: 'str', value: JSON.parse(t.text) as string });
    // prettier respells 1.50, 1e3, 0x1: only plain numbers are kept as printed.
    if (t.kind === 'num') return /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/.test(t.text) ? (this.next(), { t: 'num', text: t.text }) : unsure();
    if (this.take('{')) return { t: 'obj', props: this.list('}', () => this.property()) };
    if (this.take('[')) return { t: 'arr', elems: this.list(']', () => this.expression()) };
    return unsure();
  }

  private property(): { key: string; value: Node } {
    const key = this.token?.kind === 'str' ? (JSON.parse(this.consume('str')) as string) : this.consume('id');
    this.expect(':');
    return { key, value: this.expression() };
  }

  private expression(): Node {
    let node = this.primary();
    for (;;) {
      if (this.take('.')) node = { t: 'member', obj: node, name: this.consume('id') };
      else if (this.take('(')) node = { t: 'call', callee: node, args: this.list(')', () => this.expression()) };
      else if (this.take('[')) {
        const key = JSON.parse(this.consume('str')) as string;
        this.expect(']');
        node = { t: 'index', obj: node, key };
      } else return node;
    }
  }
}

export const parse = (text: string): Node => new Parser(text).parse();
