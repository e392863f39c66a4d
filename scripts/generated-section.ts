import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A section of a Markdown document that a script generates from the code: it stands between a start
 * and an end marker, and the script touches nothing else of the document.
 */
export interface GeneratedSection {
  /** The document with `body` between the markers. */
  replace: (doc: string, body: string) => string;
  /** What stands between the markers now, trimmed. */
  current: (doc: string) => string;
}

export function generatedSection(docName: string, start: string, end: string): GeneratedSection {
  const bounds = (doc: string): [number, number] => {
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${docName} needs the markers ${start} … ${end}`);
    return [from + start.length, to];
  };
  return {
    replace: (doc, body) => {
      const [from, to] = bounds(doc);
      return `${doc.slice(0, from)}\n${body}\n${doc.slice(to)}`;
    },
    current: (doc) => {
      const [from, to] = bounds(doc);
      return doc.slice(from, to).trim();
    },
  };
}

/** A generator script's command line: rewrite the section, or with `--check` only say whether it drifted (exit code 1). */
export function writeOrCheck(section: GeneratedSection, path: string, body: string, say: { drifted: string; upToDate: string; written: string }): void {
  const doc = readFileSync(path, 'utf8');
  if (process.argv.includes('--check')) {
    const drifted = section.current(doc) !== body;
    process.stdout.write(`${drifted ? say.drifted : say.upToDate}\n`);
    process.exitCode = drifted ? 1 : 0;
  } else {
    writeFileSync(path, section.replace(doc, body));
    process.stdout.write(`${say.written}\n`);
  }
}

/** A Markdown table cell: pipes escaped, line breaks as spaces. */
export const escapeCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
