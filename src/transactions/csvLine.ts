/**
 * Split one CSV line into fields (RFC 4180 quoting: a field in double quotes may hold the delimiter,
 * `""` is a quote). Returns null when a quoted field is not closed on the line; multi-line fields are
 * not supported by the transaction readers (no transaction format needs them) and count as bad lines.
 *
 * @example
 * splitCsvLine('"536365","WHITE, METAL",6', ','); // ['536365', 'WHITE, METAL', '6']
 */
export function splitCsvLine(line: string, delimiter: string): string[] | null {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field: string;
    let end: number;
    if (line.charCodeAt(i) === 34 /* " */) {
      const closed = closeQuote(line, i + 1);
      if (closed === null) return null;
      end = line.indexOf(delimiter, closed.next);
      field = end === -1 ? closed.text + line.slice(closed.next) : closed.text + line.slice(closed.next, end);
    } else {
      end = line.indexOf(delimiter, i);
      field = end === -1 ? line.slice(i) : line.slice(i, end);
    }
    fields.push(field);
    if (end === -1) return fields;
    i = end + delimiter.length;
  }
}

/** The text of a quoted field opened before `from`, and the index after its closing quote. */
function closeQuote(line: string, from: number): { text: string; next: number } | null {
  let quote = line.indexOf('"', from);
  if (quote === -1) return null;
  // The common case: no doubled quote inside, one slice.
  if (line.charCodeAt(quote + 1) !== 34) return { text: line.slice(from, quote), next: quote + 1 };
  let text = '';
  for (;;) {
    text += line.slice(from, quote);
    if (line.charCodeAt(quote + 1) !== 34) return { text, next: quote + 1 };
    text += '"';
    from = quote + 2;
    quote = line.indexOf('"', from);
    if (quote === -1) return null;
  }
}
