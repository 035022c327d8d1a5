import MarkdownIt from "markdown-it";
import { useMemo } from "react";

// Raw HTML in a report is shown as text, never as markup; links keep markdown-it's URL check.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** A report's Markdown, rendered safely. */
export const Markdown = ({ source }: { source: string }) => {
  const html = useMemo(() => md.render(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with html disabled escapes all raw HTML
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
};

/** A unified diff, lines coloured by what they do. */
export const Diff = ({ text }: { text: string }) => (
  <pre className="diff">
    {text.split("\n").map((line, i) => (
      <span
        // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity beyond their position
        key={i}
        className={
          line.startsWith("+") && !line.startsWith("+++")
            ? "add"
            : line.startsWith("-") && !line.startsWith("---")
              ? "del"
              : line.startsWith("@@")
                ? "hunk"
                : undefined
        }
      >
        {line}
        {"\n"}
      </span>
    ))}
  </pre>
);
