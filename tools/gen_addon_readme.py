"""Build the addon's app page, static/description/index.html, from its readme
fragments, as OCA's oca-gen-addon-readme does (that tool is not installable
here: it renders through pandoc and docutils; these fragments are Markdown and
go straight to HTML with markdown-it-py).

The page has the addon's name and summary from the manifest, a table of
contents, then the fragments in OCA's order (DESCRIPTION first, untitled;
then INSTALL, CONFIGURE, USAGE, ROADMAP, HISTORY, CONTRIBUTORS, CREDITS, as
present). Images a fragment shows from ../static/description/ are taken from
beside the page, where Odoo's Apps screen finds them.

    python tools/gen_addon_readme.py [--check] [ADDON_DIR]

--check writes nothing and fails when index.html is not what the fragments
give (make lint runs it).
"""

import argparse
import ast
import html
import re
import sys
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
    ("CONTRIBUTORS", "Contributors"),
    ("CREDITS", "Other credits"),
]
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 62em; margin: 0 auto; padding: 1em 2em; line-height: 1.5;
       color: #212529; }
h1.title { font-size: 2.2em; margin-bottom: 0.2em; }
p.summary { font-size: 1.2em; color: #555; }
.badges span { display: inline-block; background: #714b67; color: #fff;
               border-radius: 3px; padding: 0 0.5em; margin-right: 0.3em;
               font-size: 0.85em; }
.contents { background: #f8f9fa; border: 1px solid #dee2e6; padding: 0.5em 1.5em; }
h1.section { border-bottom: 2px solid #714b67; padding-bottom: 0.2em;
             margin-top: 1.6em; }
img { max-width: 100%; border: 1px solid #dee2e6; margin: 0.5em 0; }
code { background: #f1f3f5; padding: 0 0.2em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #dee2e6; padding: 0.2em 0.5em; }
""".strip()


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def render_fragment(markdown, text, addon):
    body = markdown.render(text)
    # Images beside the page: ../static/description/x.png -> x.png
    body = re.sub(r'src="(?:\.\./)?static/description/([^"]+)"', r'src="\1"', body)
    for image in re.findall(r'<img src="([^"]+)"', body):
        if "//" not in image and not (addon / "static/description" / image).exists():
            sys.exit(
                f"a readme fragment shows {image}, which is not in static/description"
            )
    return body


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    markdown = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    sections = []
    for name, title in FRAGMENTS:
        fragment = addon / "readme" / f"{name}.md"
        if fragment.exists():
            sections.append(
                (title, render_fragment(markdown, fragment.read_text(), addon))
            )
    contents = "\n".join(
        f'<li><a href="#{slug(title)}">{html.escape(title)}</a></li>'
        for title, _body in sections
        if title
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>{html.escape(manifest['name'])}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        '<body>\n<div class="document">',
        f'<h1 class="title">{html.escape(manifest["name"])}</h1>',
        "<!-- Built by tools/gen_addon_readme.py from readme/*.md: "
        "edit those, then run make readme. -->",
        '<p class="badges">'
        f"<span>{html.escape(manifest.get('license', ''))}</span>"
        f"<span>{html.escape(manifest['version'])}</span>"
        f"<span>{html.escape(manifest.get('category', ''))}</span></p>",
        f'<p class="summary">{html.escape(manifest.get("summary", ""))}</p>',
    ]
    for title, body in sections:
        if not title:
            parts.append(body)
    parts.append(
        f'<div class="contents"><p><strong>Table of contents</strong></p>'
        f"<ul>\n{contents}\n</ul></div>"
    )
    for title, body in sections:
        if title:
            parts.append(
                f'<h1 class="section" id="{slug(title)}">{html.escape(title)}</h1>'
            )
            parts.append(body)
    parts.append("</div>\n</body>\n</html>\n")
    return "\n".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addon", nargs="?", default=str(ROOT / "provide_coop"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    addon = Path(args.addon)
    index = addon / "static" / "description" / "index.html"
    page = build(addon)
    if args.check:
        if not index.exists() or index.read_text() != page:
            sys.exit(
                f"{index} is not built from the current readme fragments: "
                "run make readme"
            )
        return
    index.write_text(page)
    print(f"wrote {index}")


if __name__ == "__main__":
    main()
