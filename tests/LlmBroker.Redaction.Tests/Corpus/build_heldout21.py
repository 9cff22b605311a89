#!/usr/bin/env python3
"""Builds heldout21.jsonl from heldout21.src.txt and prints its counts (see build_heldout.py)."""
import sys

sys.dont_write_bytecode = True
from build_heldout import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main([sys.argv[0], "heldout21"]))
