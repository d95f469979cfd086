import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A statement's first word, upper case as every statement in the code is written. */
const STATEMENT =
  /^\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|LOCK TABLE|CREATE|ALTER|DROP|TRUNCATE|NOTIFY|LISTEN|UNLISTEN|SET|SHOW|VACUUM|ANALYZE)\s/;

export interface SqlStatement {
  /** Path inside the library, e.g. `src/thread.repository.ts`. */
  file: string;
  /** The function, method or constant it is written in, e.g. `ThreadRepository.append`. */
  where: string;
  /** The text, with each interpolated or concatenated part shown as `${expression}`. */
  sql: string;
}

/** A library's source files as a release runs them: no specs, no migrations. */
export function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // Migrations are their own record of the schema; specs are not what a release runs.
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const isText = (node: ts.Node): boolean =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);

/** The text of a literal, a template or a `+` chain of them; anything else as `${…}`. */
function render(node: ts.Node, source: ts.SourceFile): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.templateSpans.reduce((text, span) => `${text}\${${span.expression.getText(source)}}${span.literal.text}`, node.head.text);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return render(node.left, source) + render(node.right, source);
  if (ts.isParenthesizedExpression(node)) return render(node.expression, source);
  return `\${${node.getText(source)}}`;
}

/** The outermost `+` chain a text belongs to (a statement written as 'SELECT …' + '…'). */
function chainTop(node: ts.Node): ts.Node {
  let top = node;
  while (
    (ts.isBinaryExpression(top.parent) && top.parent.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
    ts.isParenthesizedExpression(top.parent)
  )
    top = top.parent;
  return top;
}

function enclosingName(node: ts.Node): string {
  const names: string[] = [];
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (
      (ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at) || ts.isClassDeclaration(at) || ts.isPropertyDeclaration(at)) &&
      at.name
    )
      names.unshift(at.name.getText());
    else if (ts.isVariableDeclaration(at) && ts.isIdentifier(at.name)) names.unshift(at.name.text);
    else if (ts.isConstructorDeclaration(at)) names.unshift('constructor');
  }
  return names.join('.') || '(module)';
}

/** Each line trimmed, blank lines dropped: the statement as it reads, not as it was indented. */
const tidy = (sql: string): string =>
  sql
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

/** Every SQL statement written in one library's sources, in file and source order. */
export function libraryStatements(libDir: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  for (const path of sources(join(libDir, 'src')).sort()) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const seen = new Set<ts.Node>();
    const visit = (node: ts.Node): void => {
      if (isText(node)) {
        const top = chainTop(node);
        if (!seen.has(top)) {
          seen.add(top);
          const sql = render(top, source);
          if (STATEMENT.test(sql)) statements.push({ file: relative(libDir, path), where: enclosingName(top), sql: tidy(sql) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return statements;
}

/** The snapshot file's text for a library, or undefined when it writes no SQL. */
export function renderSnapshot(lib: string, statements: SqlStatement[]): string | undefined {
  if (statements.length === 0) return undefined;
  const head = [
    `-- Every SQL statement of @brygga/${lib}, by file and function (test/sql-snapshots.spec.ts).`,
    '-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part',
    '-- composed in code (a fragment, an identifier or a list of placeholders).',
  ];
  const body = statements.map((s) => `-- ${s.file} · ${s.where}\n${s.sql.replace(/;?\s*$/, ';')}`);
  return `${[head.join('\n'), ...body].join('\n\n')}\n`;
}
