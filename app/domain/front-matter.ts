// The front matter of the Markdown files in content/: `key: value` lines and
// `key: |` blocks between two `---` lines. Enough for our own files; not YAML.
export type FrontMatter = Record<string, string>;

export function splitFrontMatter(text: string): { data: FrontMatter; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { data: {}, body: text };
  const data: FrontMatter = {};
  let blockKey: string | null = null;
  const block: string[] = [];
  const endBlock = () => {
    if (blockKey) data[blockKey] = block.join("\n").trimEnd();
    blockKey = null;
    block.length = 0;
  };
  for (const line of match[1].split(/\r?\n/)) {
    if (blockKey && (/^\s+/.test(line) || line === "")) {
      block.push(line.replace(/^ {2}/, ""));
      continue;
    }
    endBlock();
    const pair = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!pair) continue;
    if (pair[2] === "|") blockKey = pair[1];
    else data[pair[1]] = pair[2].replace(/^(["'])(.*)\1$/, "$2").trim();
  }
  endBlock();
  return { data, body: text.slice(match[0].length) };
}
