"""Build every event pack: `python generate.py` (see `python generate.py --help`)."""

import sys
from pathlib import Path

from resourcepack.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
