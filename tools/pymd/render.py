"""Render This Week in Rust issue files to HTML the way the site does.

The site (Pelican) renders Markdown with Python-Markdown and the extensions `extra`,
`codehilite` (css_class `highlight`), `meta` (which consumes the `Key: value` front matter, so
the title is not in the body) and `toc` (`anchorlink`), output format `html5`. This script
applies the same configuration, so its output is the reference the editor's preview is
compared with (`crates/twir-format/tests/pymd_parity.rs`).

usage: render.py [--out DIR] FILE|DIR...
  Without --out, one FILE is rendered to standard output. With --out, each file is written to
  DIR/<file name without extension>.html. A DIR argument stands for its files, sorted.

Run it through `cargo xtask pymd`, which installs the pinned versions of requirements.txt.
"""

import os
import re
import sys
from pathlib import Path

import markdown
import pygments


def check_versions():
    """Refuse to run with other versions than the pinned ones: the output would differ."""
    want = {}
    for line in (Path(__file__).parent / "requirements.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m:
            want[m.group(1).lower()] = m.group(2)
    have = {"markdown": markdown.__version__, "pygments": pygments.__version__}
    wrong = [f"{k} {have.get(k)} (want {v})" for k, v in want.items() if have.get(k) != v]
    if wrong:
        sys.exit("render.py: wrong versions: " + ", ".join(wrong) + "; run `cargo xtask pymd --setup`")


def renderer():
    # The site's Pelican settings, as a fresh converter per file would see them.
    return markdown.Markdown(
        extensions=["extra", "codehilite", "meta", "toc"],
        extension_configs={
            "codehilite": {"css_class": "highlight"},
            "toc": {"anchorlink": True},
        },
        output_format="html5",
    )


def read_issue(path):
    # Pelican opens files as UTF-8 with universal newlines and drops a leading BOM.
    with open(path, encoding="utf-8", newline=None) as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def files_of(args):
    out = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file()))
        else:
            out.append(p)
    return out


def main(argv):
    check_versions()
    out_dir = None
    args = []
    it = iter(argv)
    for a in it:
        if a == "--out":
            out_dir = next(it, None)
            if out_dir is None:
                sys.exit("render.py: --out needs a folder")
        elif a in ("-h", "--help"):
            print(__doc__)
            return
        else:
            args.append(a)
    files = files_of(args)
    if not files:
        sys.exit("render.py: no input files")
    if out_dir is None:
        if len(files) != 1:
            sys.exit("render.py: several files need --out DIR")
        sys.stdout.write(renderer().convert(read_issue(files[0])) + "\n")
        return
    os.makedirs(out_dir, exist_ok=True)
    for f in files:
        # Pelican makes a new converter for every file.
        html = renderer().convert(read_issue(f))
        target = Path(out_dir) / (f.stem + ".html")
        target.write_text(html + "\n", encoding="utf-8", newline="\n")
    print(f"render.py: {len(files)} files rendered into {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1:])
