"""Progress reports for builds: a bar on a terminal, short lines otherwise, nothing with -q."""

from __future__ import annotations

from typing import Any, TextIO


class Lines:
    """Reports each render and pack as a short line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.total, self.done = stream, 0, 0

    def start(self, total: int) -> None:
        """Say how many renders there are."""
        self.total = total
        if total:
            print(f"rendering {total} leaflets", file=self.stream)

    def rendered(self, name: str) -> None:
        """Say which render finished."""
        self.done += 1
        print(f"  [{self.done}/{self.total}] {name}", file=self.stream)

    def packed(self, pack: str, changed: bool) -> None:
        """Say which pack was assembled."""
        print(f"  {pack}: {'assembled' if changed else 'up to date'}", file=self.stream)


class Bar:
    """A rich progress bar on a terminal (rich is imported only when one is shown)."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self.progress = Progress(console=Console(file=stream), transient=True)
        self.task: Any = None

    def start(self, total: int) -> None:
        """Show the bar."""
        self.progress.start()
        self.task = self.progress.add_task("rendering", total=total)

    def rendered(self, name: str) -> None:
        """Move the bar on."""
        self.progress.update(self.task, advance=1, description=name)

    def packed(self, pack: str, changed: bool) -> None:
        """Hide the bar once renders are done."""
        self.progress.stop()
