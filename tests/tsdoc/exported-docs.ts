// Lists the exported symbols of entry-point modules that have no TSDoc comment or no `@example` in it, using the
// TypeScript compiler's view of the exports (so `export *` chains, aliases and merged declarations count exactly
// as a user of the package sees them).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface DocProblem {
  /** Entry module the symbol is exported from, as given. */
  entry: string;
  /** Exported name, `Class.member` for class members. */
  name: string;
  problem: 'no TSDoc' | 'no @example';
}

interface DocInfo {
  documented: boolean;
  hasExample: boolean;
}

function docInfo(decl: ts.Declaration): DocInfo {
  // For `export const x = …` the comment sits on the VariableStatement; getJSDocCommentsAndTags walks up to it.
  const nodes = ts.getJSDocCommentsAndTags(decl);
  let documented = false;
  let hasExample = false;
  for (const n of nodes) {
    if (ts.isJSDoc(n)) {
      if (n.comment !== undefined && ts.getTextOfJSDocComment(n.comment)?.trim()) documented = true;
      for (const t of n.tags ?? []) {
        documented = true;
        if (t.tagName.text === 'example') hasExample = true;
      }
    } else if (n.tagName.text === 'example') {
      documented = true;
      hasExample = true;
    }
  }
  return { documented, hasExample };
}

function merge(decls: readonly ts.Declaration[] | undefined): DocInfo {
  const out = { documented: false, hasExample: false };
  for (const d of decls ?? []) {
    const i = docInfo(d);
    out.documented ||= i.documented;
    out.hasExample ||= i.hasExample;
  }
  return out;
}

function isPublicMember(m: ts.ClassElement): boolean {
  if (ts.isClassStaticBlockDeclaration(m) || ts.isSemicolonClassElement(m) || ts.isIndexSignatureDeclaration(m))
    return false;
  if (m.name && ts.isPrivateIdentifier(m.name)) return false;
  const flags = ts.getCombinedModifierFlags(m as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  // `@internal` members are excluded from the API site (typedoc's excludeInternal).
  return !ts.getJSDocTags(m).some((t) => t.tagName.text === 'internal');
}

/**
 * Problems of the exports of `entries` (absolute paths of modules in `program`). Top-level exports need a TSDoc
 * comment with an `@example`; public methods of exported classes need a TSDoc comment (`requireMemberDocs`).
 */
export function exportDocProblems(
  program: ts.Program,
  entries: readonly string[],
  opts: { requireMemberDocs?: boolean } = {},
): DocProblem[] {
  const checker = program.getTypeChecker();
  const problems: DocProblem[] = [];
  for (const entry of entries) {
    const sf = program.getSourceFile(entry);
    if (!sf) throw new Error(`${entry} is not part of the program`);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue; // a file without exports
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = exported.getName();
      // A re-export with its own comment (`/** … */ export { tf };`) documents the symbol too.
      const aliasDecls = (exported.declarations ?? []).map((d) => (ts.isExportSpecifier(d) ? d.parent.parent : d));
      const info = merge([...(symbol.declarations ?? []), ...(exported === symbol ? [] : aliasDecls)]);
      if (!info.documented) problems.push({ entry, name, problem: 'no TSDoc' });
      else if (!info.hasExample) problems.push({ entry, name, problem: 'no @example' });
      if (!opts.requireMemberDocs) continue;
      for (const decl of symbol.declarations ?? []) {
        if (!ts.isClassDeclaration(decl)) continue;
        for (const m of decl.members) {
          if (!isPublicMember(m) || ts.isConstructorDeclaration(m)) continue;
          const memberName =
            m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : undefined;
          if (memberName === undefined) continue;
          if (!docInfo(m).documented) problems.push({ entry, name: `${name}.${memberName}`, problem: 'no TSDoc' });
        }
      }
    }
  }
  return problems;
}

/** A program over `rootNames` with the compiler options of `tsconfigPath` (its `paths` resolve the packages). */
export function programFromTsconfig(tsconfigPath: string, rootNames: readonly string[]): ts.Program {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, tsconfigPath.replace(/[^/\\]+$/, ''));
  return ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true } });
}

/** The entry points typedoc documents (typedoc.json): `packages/<pkg>/src/index.ts` and `packages/<pkg>/src/<concept>/index.ts`. */
export function entryPoints(root: string): string[] {
  const out: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const src = join(root, 'packages', pkg, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    out.push(join(src, 'index.ts'));
    for (const e of readdirSync(src, { withFileTypes: true })) {
      if (e.isDirectory() && existsSync(join(src, e.name, 'index.ts'))) out.push(join(src, e.name, 'index.ts'));
    }
  }
  return out.sort();
}
