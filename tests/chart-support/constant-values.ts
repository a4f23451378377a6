// What a TypeScript expression can evaluate to, as far as constants go: string literals and templates, objects with
// spreads, consts in scope or imported from another module, and function parameters (followed to every call of the
// function). Enough to tell which group, plural or path a Kubernetes call names, without running the code.
import path from "node:path";
import ts from "typescript";

export const UNKNOWN = "{unknown}";

export class ObjectValue {
  constructor(readonly props: Map<string, Value[]>) {}
}
export type Value = string | ObjectValue;

const MAX_DEPTH = 16;
const MAX_VALUES = 64;

export class SourceSet {
  readonly files = new Map<string, ts.SourceFile>();

  /** `sources`: repository-relative path → text. */
  constructor(sources: Map<string, string>) {
    for (const [file, text] of sources) {
      const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
      this.files.set(file, ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, kind));
    }
  }

  /** The repository-relative file an import specifier names, if it is one of ours. */
  resolveModule(from: string, specifier: string): string | undefined {
    let base: string;
    if (specifier.startsWith("@/")) base = specifier.slice(2);
    else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    else return undefined;
    return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => this.files.has(candidate));
  }

  /** Local name → the module file and exported name it was imported as. */
  importsOf(file: string): Map<string, { module: string; name: string }> {
    const imports = new Map<string, { module: string; name: string }>();
    const source = this.files.get(file);
    if (!source) return imports;
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const module = this.resolveModule(file, statement.moduleSpecifier.text);
      const bindings = statement.importClause?.namedBindings;
      if (!module || !bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements)
        imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
    }
    return imports;
  }
}

export class ConstantEvaluator {
  private readonly active = new Set<ts.Node>();

  constructor(private readonly sources: SourceSet) {}

  evaluate(node: ts.Expression, depth = 0): Value[] {
    if (depth > MAX_DEPTH || this.active.has(node)) return [UNKNOWN];
    this.active.add(node);
    try {
      return dedupe(this.evaluateNode(node, depth + 1));
    } finally {
      this.active.delete(node);
    }
  }

  private evaluateNode(node: ts.Expression, depth: number): Value[] {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return [node.getText()];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node))
      return this.evaluate(node.expression, depth);
    if (ts.isTemplateExpression(node)) return this.template(node, depth);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.evaluate(node.left, depth).map(asText);
      const right = this.evaluate(node.right, depth).map(asText);
      return left.flatMap((a) => right.map((b) => a + b)).slice(0, MAX_VALUES);
    }
    if (ts.isConditionalExpression(node)) return [...this.evaluate(node.whenTrue, depth), ...this.evaluate(node.whenFalse, depth)];
    if (ts.isObjectLiteralExpression(node)) return [this.objectOf(node, depth)];
    if (ts.isIdentifier(node)) return this.identifier(node, depth);
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      return this.evaluate(node.expression, depth).flatMap((value) =>
        value instanceof ObjectValue ? (value.props.get(name) ?? [UNKNOWN]) : [UNKNOWN],
      );
    }
    return [UNKNOWN];
  }

  /**
   * `${kind.group}/${kind.plural}`: each name the spans start from takes one value at a time, so a group and a plural
   * read from the same object stay paired instead of being combined with every other object's.
   */
  private template(node: ts.TemplateExpression, depth: number): Value[] {
    const roots = [...new Set(node.templateSpans.map((span) => rootName(span.expression)).filter((name) => name !== undefined))];
    let environments: Map<string, Value>[] = [new Map()];
    for (const root of roots) {
      const values = this.evaluate(rootIdentifier(node, root), depth);
      environments = environments
        .flatMap((environment) => values.map((value) => new Map(environment).set(root, value)))
        .slice(0, MAX_VALUES);
    }
    return environments.flatMap((environment) => {
      let results = [node.head.text];
      for (const span of node.templateSpans) {
        const parts = this.bound(span.expression, environment, depth).map(asText);
        results = results.flatMap((prefix) => parts.map((part) => prefix + part + span.literal.text)).slice(0, MAX_VALUES);
      }
      return results;
    });
  }

  /** An identifier or property chain evaluated with its root name bound to one value. */
  private bound(node: ts.Expression, environment: Map<string, Value>, depth: number): Value[] {
    if (ts.isIdentifier(node) && environment.has(node.text)) return [environment.get(node.text) as Value];
    if (ts.isPropertyAccessExpression(node) && rootName(node) !== undefined && environment.has(rootName(node) as string)) {
      const name = node.name.text;
      return this.bound(node.expression, environment, depth).flatMap((value) =>
        value instanceof ObjectValue ? (value.props.get(name) ?? [UNKNOWN]) : [UNKNOWN],
      );
    }
    return this.evaluate(node, depth);
  }

  private objectOf(node: ts.ObjectLiteralExpression, depth: number): ObjectValue {
    const props = new Map<string, Value[]>();
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)))
        props.set(property.name.text, this.evaluate(property.initializer, depth));
      else if (ts.isShorthandPropertyAssignment(property)) props.set(property.name.text, this.identifier(property.name, depth));
      else if (ts.isSpreadAssignment(property)) {
        for (const spread of this.evaluate(property.expression, depth)) {
          if (!(spread instanceof ObjectValue)) continue;
          for (const [key, values] of spread.props) props.set(key, dedupe([...(props.has(key) ? (props.get(key) ?? []) : []), ...values]));
        }
      }
    }
    return new ObjectValue(props);
  }

  /** A name's value: a const in an enclosing scope, an import, or a parameter followed to the function's calls. */
  private identifier(node: ts.Identifier, depth: number): Value[] {
    const name = node.text;
    for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
      if (ts.isFunctionLike(scope)) {
        const index = scope.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
        if (index >= 0) return this.parameter(scope, index, depth);
      }
      if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
        const initializer = constInitializer(scope.statements, name);
        if (initializer) return this.evaluate(initializer, depth);
      }
      if (ts.isSourceFile(scope)) {
        const imported = this.sources.importsOf(scope.fileName).get(name);
        if (imported) return this.exported(imported.module, imported.name, depth);
      }
    }
    return [UNKNOWN];
  }

  private exported(file: string, name: string, depth: number): Value[] {
    const source = this.sources.files.get(file);
    const initializer = source && constInitializer(source.statements, name);
    if (initializer) return this.evaluate(initializer, depth);
    const imported = this.sources.importsOf(file).get(name);
    return imported ? this.exported(imported.module, imported.name, depth) : [UNKNOWN];
  }

  /** Every value the argument at `index` takes in the calls of a named function, in its own module and importers. */
  private parameter(fn: ts.SignatureDeclaration, index: number, depth: number): Value[] {
    const name = functionName(fn);
    const file = fn.getSourceFile().fileName;
    if (!name) return [UNKNOWN];
    const values: Value[] = [];
    for (const [candidate, source] of this.sources.files) {
      const local =
        candidate === file
          ? name
          : [...this.sources.importsOf(candidate)].find(([, from]) => from.module === file && from.name === name)?.[0];
      if (!local) continue;
      visit(source, (node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === local && node.arguments[index])
          values.push(...this.evaluate(node.arguments[index], depth));
      });
    }
    return values.length ? dedupe(values) : [UNKNOWN];
  }
}

/** `kind` for `kind.group`, `kind` itself; undefined for anything else. */
function rootName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return rootName(node.expression);
  return undefined;
}

/** The identifier node a root name stands for in a template (evaluated where it appears, for its scope). */
function rootIdentifier(node: ts.TemplateExpression, root: string): ts.Identifier {
  let found: ts.Identifier | undefined;
  visit(node, (child) => {
    if (
      !found &&
      ts.isIdentifier(child) &&
      child.text === root &&
      !(ts.isPropertyAccessExpression(child.parent) && child.parent.name === child)
    )
      found = child;
  });
  return found as ts.Identifier;
}

function constInitializer(statements: ts.NodeArray<ts.Statement>, name: string): ts.Expression | undefined {
  for (const statement of statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
  }
  return undefined;
}

function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

export function visit(node: ts.Node, see: (node: ts.Node) => void): void {
  see(node);
  ts.forEachChild(node, (child) => visit(child, see));
}

const asText = (value: Value): string => (typeof value === "string" ? value : UNKNOWN);

function dedupe(values: Value[]): Value[] {
  const seen = new Set<string>();
  return values
    .filter((value) => {
      const key = typeof value === "string" ? `s:${value}` : `o:${JSON.stringify([...value.props].map(([k, v]) => [k, v.map(asText)]))}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_VALUES);
}
