/** Text from an instance or a preview, made safe to put into Markdown (and GitHub's HTML). */

/** Control characters (e.g. ANSI escapes) become spaces. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ");
}

function lines(text: string): string[] {
  return text.split(/[^\S\r\n]*(?:\r\n|\r|\n)+\s*/);
}

/** Escapes every character Markdown (or GitHub's HTML) would interpret inside a line. */
function escapeInline(line: string): string {
  return plain(line).replace(/[\\`*_[\]<>#!|~&@]/g, "\\$&");
}

/** Text inside a table cell or a sentence: line breaks become `<br>`. */
export function escapeCell(text: string): string {
  return lines(text).map(escapeInline).join("<br>");
}

/** Text that starts a list item or paragraph: also what could start a list or a heading; one line. */
export function escapeMarkdown(text: string): string {
  return lines(text)
    .map((line) =>
      escapeInline(line)
        .replace(/^([+\-=])/, "\\$1")
        .replace(/^(\d+)([.)])/, "$1\\$2"),
    )
    .join(" ");
}
