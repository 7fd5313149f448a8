/**
 * Breaks text into lines of at most `chars` characters, whole where it can be: after an
 * underscore or a space (kept at the line's end, so the lines joined are the text again), and
 * mid-word only for a part longer than a line. Table names stay readable in a narrow diagram
 * instead of losing their middle.
 */
export function wrapText(text: string, chars: number): string[] {
  const width = Math.max(1, Math.floor(chars));
  const parts = text.match(/[^_\s]*[_\s]+|[^_\s]+$/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (let part of parts) {
    if (line && (line + part).trimEnd().length > width) {
      lines.push(line);
      line = '';
    }
    while (part.trimEnd().length > width) {
      lines.push(part.slice(0, width));
      part = part.slice(width);
    }
    line += part;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
