// Type-checks code blocks (TSDoc @example blocks, guide snippets) as modules of the repository's program.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * Type errors of `files` (name → code), each as `name:line: message`, checked with the options of `tsconfig`, less
 * its unused-binding checks: an example may declare a value only to show its type.
 */
export function typeErrors(files: ReadonlyMap<string, string>, dir: string, tsconfig: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const [name, code] of files) {
    const path = `${dir}/${name}`;
    writeFileSync(path, `${code}\nexport {};\n`);
    paths.set(path, name);
  }
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, tsconfig.replace(/[^/\\]+$/, ''));
  const options = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const program = ts.createProgram({ rootNames: [...paths.keys()], options });
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const name = paths.get(sf.fileName);
    if (name === undefined) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
      out.push(`${name}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  }
  return out;
}
