// Finds the ```ts blocks inside `@example` tags of the TSDoc comments of the library sources, each named by the
// file and the declaration the comment documents (`Random`, `Random.fromState`, `rdPoint#2` for a second overload).
//
// The comment text is taken raw from the source (not through TypeScript's JSDoc parser, which rewrites `{@link}`
// and `@` inside code), so a block is exactly what a reader of the source or of the typedoc page sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface TsdocExample {
  /** Path relative to the repository root, e.g. `packages/core/src/random/random.ts`. */
  file: string;
  /** Documented declaration, `Class.member` for members; `#k` suffix for the k-th (k ≥ 2) with the same name. */
  symbol: string;
  /** Package folder name (`core`, `analytic`, ...). */
  pkg: string;
  /** 1-based line of the opening fence in `file`. */
  line: number;
  /** The code between the fences, comment prefixes removed. */
  code: string;
}

/** Library source files (`packages/<pkg>/src/**\/*.ts`, without tests, declaration files and fixtures). */
export function librarySourceFiles(root: string, pkgs?: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'fixtures' && e.name !== 'node_modules') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const pkg of pkgs ?? readdirSync(join(root, 'packages')).sort()) walk(join(root, 'packages', pkg, 'src'));
  return out.sort();
}

/** Name of the declaration a doc comment is attached to, or undefined for nodes that have no name. */
export function declarationName(node: ts.Node): string | undefined {
  const own = (n: ts.Node): string | undefined => {
    if (ts.isVariableStatement(n)) {
      const d = n.declarationList.declarations[0];
      return d && ts.isIdentifier(d.name) ? d.name.text : undefined;
    }
    if (ts.isConstructorDeclaration(n)) return 'constructor';
    if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) {
      return n.exportClause.elements.map((e) => e.name.text).join(',') || undefined;
    }
    const name = (n as { name?: ts.Node }).name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) return name.text;
    return undefined;
  };
  const base = own(node);
  if (base === undefined) return undefined;
  // Members: prefix the enclosing class / interface / object-literal variable names.
  const parts = [base];
  for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isModuleDeclaration(p)) {
      if (p.name) parts.unshift(p.name.text);
    } else if (ts.isTypeAliasDeclaration(p) || ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p)) {
      if (p.name && ts.isIdentifier(p.name)) parts.unshift(p.name.text);
    }
  }
  return parts.join('.');
}

/** The doc comments TypeScript attaches to `node` (an internal but long-stable field of the parser's nodes). */
function docComments(node: ts.Node): ts.JSDoc[] {
  return (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
}

const FENCE_OPEN = /^```(ts|typescript)\s*$/;

/** The ```ts blocks of the `@example` sections of one raw doc comment, with their 0-based line offsets. */
export function examplesInComment(raw: string): { code: string; lineOffset: number }[] {
  const lines = raw
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').replace(/^\s*\*$/, ''));
  const out: { code: string; lineOffset: number }[] = [];
  let inExample = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const tag = /^\s*@(\w+)/.exec(l);
    if (tag) inExample = tag[1] === 'example';
    if (!inExample || !FENCE_OPEN.test(l.trim())) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== '```'; j++) body.push(lines[j]!);
    if (j >= lines.length) throw new Error(`unterminated \`\`\`ts fence in a doc comment:\n${raw}`);
    out.push({ code: body.join('\n'), lineOffset: i });
    i = j;
  }
  return out;
}

/** Every `@example` ```ts block of the given files. */
export function extractExamples(root: string, files: readonly string[]): TsdocExample[] {
  const out: TsdocExample[] = [];
  for (const abs of files) {
    const file = relative(root, abs).split('\\').join('/');
    const pkg = file.split('/')[1]!;
    const text = readFileSync(abs, 'utf8');
    const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const seen = new Map<string, number>();
    const visit = (node: ts.Node): void => {
      for (const doc of docComments(node)) {
        const raw = text.slice(doc.getStart(sf), doc.end);
        const blocks = examplesInComment(raw);
        if (blocks.length === 0) continue;
        const name =
          declarationName(node) ?? `<anonymous@${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}>`;
        const startLine = sf.getLineAndCharacterOfPosition(doc.getStart(sf)).line + 1;
        for (const b of blocks) {
          const k = (seen.get(name) ?? 0) + 1;
          seen.set(name, k);
          out.push({
            file,
            pkg,
            symbol: k === 1 ? name : `${name}#${k}`,
            line: startLine + b.lineOffset,
            code: b.code,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
