"""The editor's report: each paragraph, its back-translation, its score and its findings.

Colour highlights the flagged spans (one style per category). Without colour (output
not a terminal, or ``NO_COLOR`` set) spans are marked ``[[like this]](1)`` so the report
still reads in a log file or a CI console.
"""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mtcheck.pipeline import DocumentResult, ModelStatus, ParagraphResult
from mtcheck.read import display_path
from mtcheck.report import Summary
from mtcheck.types import Finding, Severity

CATEGORY_STYLES = {
    "calque": "black on magenta",
    "wrong_sense": "white on red",
    "leftover": "black on yellow",
    "artifact": "black on cyan",
    "grammar": "white on blue",
    "name": "black on green",
    "consistency": "black on bright_green",
    "low_confidence": "underline",
}
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def _score_style(score: float) -> str:
    return "green" if score >= 90 else "yellow" if score >= 60 else "red"


class TerminalReporter:
    def __init__(self, out: IO[str], show: str = "all", color: bool | None = None) -> None:
        if color is None:
            color = out.isatty() and not os.environ.get("NO_COLOR")
        self.plain = not color
        self.console = Console(
            file=out,
            no_color=self.plain,
            force_terminal=not self.plain,
            highlight=False,
            emoji=False,
            soft_wrap=self.plain,
            # Plain text goes to logs and files: one line per item, never wrapped or cropped.
            width=100_000 if self.plain else None,
        )
        self.show = show
        self.model: ModelStatus | None = None

    def start(self, model: ModelStatus) -> None:
        self.model = model

    # -- one document ---------------------------------------------------------------
    def document(self, result: DocumentResult, failed: bool) -> None:
        c = self.console
        doc = result.document
        n = len(result.findings)
        head = Text()
        head.append(display_path(doc.path), style="bold")
        if doc.empty:
            head.append("  empty document: nothing to check", style="dim")
            self._heading(head)
            return
        head.append("  score ")
        head.append(f"{result.score:.1f}", style=_score_style(result.score))
        head.append(f"  {len(result.paragraphs)} paragraphs, {n} finding{'s' * (n != 1)}")
        if failed:
            head.append("  FAIL", style="bold red")
        self._heading(head)
        for p in result.paragraphs:
            if self.show == "flagged" and not p.findings:
                continue
            self._paragraph(p)
        c.print()

    def _paragraph(self, p: ParagraphResult) -> None:
        c = self.console
        title = Text(f"¶{p.paragraph.index + 1}", style="bold")
        title.append("  score ")
        title.append(f"{p.score:.0f}", style=_score_style(p.score))
        c.print(title)
        self._indented(self._highlighted(p), 2)
        if p.backtranslation is not None:
            bt = Text("EN  ", style="dim bold")
            bt.append(p.backtranslation.text, style="dim")
            self._indented(bt, 2)
        for i, f in enumerate(p.findings, 1):
            self._finding(i, f)
        c.print()

    def _heading(self, text: Text) -> None:
        if self.plain:
            self.console.print(Text("== ") + text)
        else:
            self.console.rule(text, align="left")

    def _indented(self, text: Text, indent: int) -> None:
        """Terminal: wrap under the indent. Plain: one line per item, easy to grep in logs."""
        if self.plain:
            self.console.print(Text(" " * indent) + text)
        else:
            self.console.print(Padding(text, (0, 0, 0, indent), expand=False))

    def _highlighted(self, p: ParagraphResult) -> Text:
        para = p.paragraph
        if self.plain:
            return Text(self._marked(para.text, para.start, p.findings))
        text = Text(para.text)
        for f in p.findings:
            style = CATEGORY_STYLES.get(f.category, "reverse")
            text.stylize(style, f.start - para.start, f.end - para.start)
        return text

    @staticmethod
    def _marked(text: str, offset: int, findings: list[Finding]) -> str:
        """``[[span]](n)`` markers for non-overlapping findings (numbered as listed below)."""
        out, pos = [], 0
        for i, f in sorted(enumerate(findings, 1), key=lambda x: (x[1].start, -x[1].end)):
            s, e = f.start - offset, f.end - offset
            if s < pos:
                continue
            out.append(text[pos:s])
            out.append(f"[[{text[s:e]}]]({i})")
            pos = e
        out.append(text[pos:])
        return "".join(out)

    def _finding(self, i: int, f: Finding) -> None:
        line = Text(f"{i}. ")
        line.append(f.category, style=CATEGORY_STYLES.get(f.category, "bold"))
        line.append(" ")
        line.append(f.severity.value, style=SEVERITY_STYLES[f.severity])
        line.append(f"  «{f.text}»  ", style="bold")
        line.append(f.message)
        line.append(f"  [{f.check}]", style="dim")
        self._indented(line, 2)
        if f.suggestion:
            self._indented(Text("→ ", style="green").append(f.suggestion, style="green"), 5)
        if f.evidence:
            self._indented(Text("evidence: ", style="dim").append(f.evidence, style="dim"), 5)

    # -- closing summary --------------------------------------------------------------
    def finish(self, summary: Summary, gate_failed: bool) -> None:
        c = self.console
        self._heading(Text("Summary", style="bold"))
        model = self.model
        if model is not None:
            state = "on" if model.available else f"off ({model.reason})"
            c.print(f"back-translation: {escape(model.name)}: {escape(state)}", overflow="fold")
        c.print(
            f"{summary.documents} document{'s' * (summary.documents != 1)}, "
            f"{summary.paragraphs} paragraphs, {summary.findings} findings"
            + (f" ({len(summary.empty_documents)} empty)" if summary.empty_documents else "")
        )
        if summary.by_category:
            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            table.add_column("category")
            table.add_column("findings", justify="right")
            for cat, count in summary.by_category.most_common():
                table.add_row(Text(cat, style=CATEGORY_STYLES.get(cat, "")), str(count))
            c.print(table)
            sev = ", ".join(
                f"{summary.by_severity[s.value]} {s.value}"
                for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            )
            c.print(f"by severity: {sev}")
        worst = summary.worst()
        if worst:
            c.print("worst paragraphs:")
            for path, idx, score, n in worst:
                c.print(
                    f"  {escape(display_path(path))} ¶{idx + 1}  score {score:.0f}  "
                    f"({n} finding{'s' * (n != 1)})"
                )
        verdict = Text("gate: ")
        verdict.append("FAIL" if gate_failed else "pass", style="bold red" if gate_failed
                       else "bold green")
        c.print(verdict)
