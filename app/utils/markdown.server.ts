import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

// marked does not sanitize: everything it produces passes this allow-list, so a
// draft or minutes carrying <script>, event handlers or javascript: links renders
// inert. No id or name passes either: an element named like one of the page's own
// (<span id="__remixContext">) could stand in for it in the page's scripts.
const allowList: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del",
    "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "section", "span",
  ],
  allowedAttributes: { a: ["href", "title"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
};

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }), allowList);
}

export function sanitize(html: string): string {
  return sanitizeHtml(html, allowList);
}
