// The parsing half of ./go-template.ts: actions split out of the text (trim markers, comments), pipelines tokenised,
// and the if/range/with/define structure built into a tree.

export type Operand =
  | { kind: "field"; base: "dot" | string; chain: string[] }
  | { kind: "literal"; value: unknown }
  | { kind: "ident"; name: string }
  | { kind: "paren"; pipe: Pipeline; chain: string[] };
export type Command = Operand[];
export interface Pipeline {
  declare?: { names: string[]; assign: boolean };
  commands: Command[];
}
export type Node =
  | { kind: "text"; text: string }
  | { kind: "output"; pipe: Pipeline }
  | { kind: "if"; branches: { pipe: Pipeline; body: Node[] }[]; otherwise: Node[] }
  | { kind: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: "with"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: "template"; name: string; pipe?: Pipeline };

export class TemplateError extends Error {}

const TOKEN =
  /\s+|"(?:[^"\\]|\\.)*"|`[^`]*`|:=|=|\||\(|\)|,|-?\d+(?:\.\d+)?|\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|(?:\.[A-Za-z0-9_]+)+|\.|[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new TemplateError(`cannot read "${source.slice(start, start + 20)}" in {{ ${source} }}`);
    if (/^\s+$/.test(match[0])) continue;
    // `(pipeline).Field` (no space before the dot) reads a field of the result; `(pipeline) .Field` is another operand.
    if (match[0].startsWith(".") && match[0].length > 1 && source[start - 1] === ")") tokens.push(`~${match[0]}`);
    else tokens.push(match[0]);
  }
  return tokens;
}

function unquote(token: string): string {
  if (token.startsWith("`")) return token.slice(1, -1);
  return JSON.parse(token.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) as string;
}

class PipelineParser {
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Pipeline {
    const pipe = this.pipeline();
    if (this.at < this.tokens.length) throw new TemplateError(`unexpected "${this.tokens[this.at]}" in {{ ${this.tokens.join(" ")} }}`);
    return pipe;
  }

  private pipeline(): Pipeline {
    let declare: Pipeline["declare"];
    const assignAt = this.tokens.findIndex((token, index) => index >= this.at && (token === ":=" || token === "="));
    if (assignAt > this.at && this.tokens.slice(this.at, assignAt).every((token) => /^\$[A-Za-z0-9_]*$/.test(token) || token === ",")) {
      declare = { names: this.tokens.slice(this.at, assignAt).filter((token) => token !== ","), assign: this.tokens[assignAt] === "=" };
      this.at = assignAt + 1;
    }
    const commands: Command[] = [this.command()];
    while (this.tokens[this.at] === "|") {
      this.at++;
      commands.push(this.command());
    }
    return { declare, commands };
  }

  private command(): Command {
    const operands: Operand[] = [];
    while (this.at < this.tokens.length && this.tokens[this.at] !== "|" && this.tokens[this.at] !== ")") operands.push(this.operand());
    if (operands.length === 0) throw new TemplateError(`empty command in {{ ${this.tokens.join(" ")} }}`);
    return operands;
  }

  private operand(): Operand {
    const token = this.tokens[this.at++];
    if (token === "(") {
      const pipe = this.pipeline();
      if (this.tokens[this.at++] !== ")") throw new TemplateError(`unclosed ( in {{ ${this.tokens.join(" ")} }}`);
      const next = this.tokens[this.at];
      const chain = next?.startsWith("~.") ? (this.at++, next.slice(2).split(".")) : [];
      return { kind: "paren", pipe, chain };
    }
    if (token.startsWith('"') || token.startsWith("`")) return { kind: "literal", value: unquote(token) };
    if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
    if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
    if (token === "nil") return { kind: "literal", value: null };
    if (token === ".") return { kind: "field", base: "dot", chain: [] };
    if (token.startsWith(".")) return { kind: "field", base: "dot", chain: token.slice(1).split(".") };
    if (token.startsWith("$")) {
      const [name, ...chain] = token.split(".");
      return { kind: "field", base: name, chain };
    }
    return { kind: "ident", name: token };
  }
}

interface Item {
  text?: string;
  action?: string;
}

/** Splits a template into text and actions, applying `{{-` and `-}}` and dropping comments. */
function scan(source: string, name: string): Item[] {
  const items: Item[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf("{{", at);
    if (open < 0) {
      items.push({ text: source.slice(at) });
      break;
    }
    let text = source.slice(at, open);
    let start = open + 2;
    if (source.startsWith("- ", start) || source.startsWith("-\n", start)) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    items.push({ text });
    const close = findClose(source, start, name);
    let end = close;
    let trimAfter = false;
    if (/\s-$/.test(source.slice(start, close))) {
      end = close - 1;
      trimAfter = true;
    }
    const action = source.slice(start, end).trim();
    if (!action.startsWith("/*")) items.push({ action });
    at = close + 2;
    if (trimAfter) at += source.slice(at).length - source.slice(at).replace(/^\s+/, "").length;
  }
  return items;
}

function findClose(source: string, from: number, name: string): number {
  let quote: string | undefined;
  for (let i = from; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      if (char === "\\" && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (source.startsWith("/*", i)) {
      i = source.indexOf("*/", i) + 1;
      if (i === 0) break;
    } else if (char === '"' || char === "`") quote = char;
    else if (source.startsWith("}}", i)) return i;
  }
  throw new TemplateError(`${name}: unclosed {{`);
}

/** Parses a template file; its `define`s go into `defines`. */
export function parseTemplate(source: string, name: string, defines: Map<string, Node[]>): Node[] {
  const items = scan(source, name);
  let at = 0;
  const parseBody = (ends: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (at < items.length) {
      const item = items[at++];
      if (item.text !== undefined) {
        if (item.text) nodes.push({ kind: "text", text: item.text });
        continue;
      }
      const action = item.action ?? "";
      const [keyword] = action.split(/\s+/, 1);
      const rest = action.slice(keyword.length).trim();
      if (ends.includes(keyword)) {
        at--;
        return { nodes, end: keyword };
      }
      if (keyword === "if") nodes.push(parseIf(rest));
      else if (keyword === "range" || keyword === "with") {
        const body = parseBody(["else", "end"]);
        const otherwise = takeElse();
        nodes.push({ kind: keyword, pipe: parsePipe(rest), body: body.nodes, otherwise });
      } else if (keyword === "define") {
        const body = parseBody(["end"]);
        at++;
        defines.set(unquote(rest), body.nodes);
      } else if (keyword === "template") {
        const [quoted, ...pipe] = tokenize(rest);
        nodes.push({ kind: "template", name: unquote(quoted), pipe: pipe.length ? new PipelineParser(pipe).parse() : undefined });
      } else nodes.push({ kind: "output", pipe: parsePipe(action) });
    }
    if (ends.length) throw new TemplateError(`${name}: missing {{ end }}`);
    return { nodes, end: "" };
  };
  const parsePipe = (text: string) => new PipelineParser(tokenize(text)).parse();
  const takeElse = (): Node[] => {
    const action = items[at++].action ?? "";
    if (action === "end") return [];
    if (action !== "else") throw new TemplateError(`${name}: unexpected {{ ${action} }}`);
    const otherwise = parseBody(["end"]);
    at++;
    return otherwise.nodes;
  };
  const parseIf = (condition: string): Node => {
    const branches = [{ pipe: parsePipe(condition), body: parseBody(["else", "end"]).nodes }];
    for (;;) {
      const action = items[at++].action ?? "";
      if (action === "end") return { kind: "if", branches, otherwise: [] };
      if (action.startsWith("else if ")) {
        branches.push({ pipe: parsePipe(action.slice("else if ".length)), body: parseBody(["else", "end"]).nodes });
        continue;
      }
      const otherwise = parseBody(["end"]).nodes;
      at++;
      return { kind: "if", branches, otherwise };
    }
  };
  const { nodes, end } = parseBody([]);
  if (end) throw new TemplateError(`${name}: unexpected {{ ${end} }}`);
  return nodes;
}
